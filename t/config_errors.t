# Directives refuse values that cannot work, at configuration time.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);

plan tests => 11;

my $dir = Apache::Test::vars('t_logs');
my $httpd = Apache::Test::vars('httpd');

# Run "httpd -t" on a config with one line inside a <Location>; returns
# (exit code, output).
sub check_config {
    my ($line) = @_;
    my $conf = "$dir/config_check.conf";
    open my $fh, '>', $conf or die $!;
    print $fh <<"CONF";
ServerRoot $dir
LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authz_user_module /usr/lib/apache2/modules/mod_authz_user.so
LoadModule dbd_module /usr/lib/apache2/modules/mod_dbd.so
LoadModule auth_pat_module $ENV{PAT_MODULE_SO}
Listen 127.0.0.1:1
ErrorLog $dir/config_check.log
<Location /x>
    AuthType PAT
    $line
    Require valid-user
</Location>
CONF
    close $fh;
    my $out = `$httpd -t -f $conf 2>&1`;
    return ($? >> 8, $out);
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
