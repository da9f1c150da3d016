# Directives refuse values that cannot work, at configuration time.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 25;

my $dir = Apache::Test::vars('t_logs');

# Run "httpd -t" on a config with one line inside a <Location> (and
# $server, if given, in the server before it); returns (exit code, output).
sub check_config {
    my ($line, $server) = @_;
    return check_httpd_config('config_check', ($server // '') . <<"CONF");

<Location /x>
    AuthType PAT
    $line
    Require valid-user
</Location>
CONF
}

my ($rc, $out) = check_config('AuthPATHeader X-Api-Token');
is $rc, 0, 'AuthPATHeader X-Api-Token is accepted';
# regression: Content-Length was accepted and hiding it let a request
# body be read as a second request
($rc, $out) = check_config('AuthPATHeader Content-Length');
isnt $rc, 0, 'AuthPATHeader Content-Length is refused';
like $out, qr/Content-Length is a header httpd itself interprets/,
    '... with a reason';
($rc, $out) = check_config('AuthPATHeader Host');
isnt $rc, 0, 'AuthPATHeader Host is refused';
like $out, qr/Host is a header httpd itself interprets/, '... with a reason';
($rc, $out) = check_config('AuthPATHeader "x pat"');
isnt $rc, 0, 'AuthPATHeader "x pat" is refused';
like $out, qr/not a valid header name/, 'a header name with a space is refused';
($rc) = check_config('AuthPATLastUsedInterval 60');
is $rc, 0, 'AuthPATLastUsedInterval 60 is accepted';
($rc, $out) = check_config('AuthPATLastUsedInterval soon');
isnt $rc, 0, 'AuthPATLastUsedInterval soon is refused';
like $out, qr/AuthPATLastUsedInterval takes a number of seconds/,
    'AuthPATLastUsedInterval soon is refused with a reason';
($rc) = check_config('AuthPATLastUsedInterval Off');
is $rc, 0, 'AuthPATLastUsedInterval Off is accepted';

# Token permissions (README "Role Permissions"): a name the site never
# defined stops httpd, never a silent never-match.
my $perms = "AuthPATPermissionsFile $ENV{PAT_PERMISSIONS_FILE}";
($rc, $out) = check_config('Require pat-permission write', $perms);
is $rc, 0, 'Require pat-permission write, defined in the file: accepted'
    or diag $out;
($rc, $out) = check_config('Require pat-permission wirte', $perms);
isnt $rc, 0, 'Require pat-permission wirte (never defined) is refused';
like $out, qr/'wirte' is not a permission AuthPATPermissionsFile defines \(it defines: read write\)/,
    '... naming it and the permissions that exist';
like $out, qr/config_check\.conf/, '... and the file of the line';
($rc, $out) = check_config('Require pat-permission read wirte', $perms);
like $out, qr/'wirte' is not a permission/, 'one bad name among good ones';
($rc, $out) = check_config('Require pat-permission write');
isnt $rc, 0, 'Require pat-permission without AuthPATPermissionsFile';
like $out, qr/this server defines no permissions; AuthPATPermissionsFile must name them before this line/,
    '... is refused, saying what is missing';
($rc, $out) = check_config('Require pat-permission', $perms);
like $out, qr/needs at least one permission name/, 'no name: refused';
my $bad = "$dir/bad_permissions.conf";
open my $fh, '>', $bad or die $!;
print $fh "# ok\nread Read data\nRead Capitalised\n";
close $fh;
($rc, $out) = check_config('Require valid-user', "AuthPATPermissionsFile $bad");
isnt $rc, 0, 'a malformed permissions file is refused';
like $out, qr/AuthPATPermissionsFile: \Q$bad\E line 3: a permission name is 1 to 32 characters/,
    '... naming the file and the line';
($rc, $out) = check_config('Require valid-user',
                           "AuthPATPermissionsFile $dir/missing.conf");
like $out, qr/AuthPATPermissionsFile: cannot open \Q$dir\E\/missing\.conf/,
    'a missing permissions file is refused';
($rc, $out) = check_config('Require pat-permission read',
                           "$perms\n<VirtualHost 127.0.0.1:1>\n"
                           . "AuthPATPermissionsFile None\n"
                           . "<Location /y>\nRequire pat-permission read\n"
                           . "</Location>\n</VirtualHost>");
like $out, qr/this server defines no permissions/,
    'AuthPATPermissionsFile None in a virtual host: its Require lines refused';
($rc, $out) = check_config('Require pat-permission read',
                           "$perms\n<VirtualHost 127.0.0.1:1>\n"
                           . "<Location /y>\nRequire pat-permission write\n"
                           . "</Location>\n</VirtualHost>");
is $rc, 0, "a virtual host uses the main server's permissions" or diag $out;
# regression: a virtual host without any of the module's server
# directives has no server config of the module while it is parsed; this
# crashed httpd -t (segmentation fault, exit 139)
like $out, qr/Syntax OK/, '... Syntax OK (no crash)';
