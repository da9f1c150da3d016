# Every ```apache block of README.md is accepted by "httpd -t" as written
# (with this build's module, the example permissions.conf before it, and
# the modules the README names for it loaded): a reader can copy them.
# A regression test: the Basic auth example once had a comment after a
# directive, which httpd reads as a provider name ("Unknown Authn
# provider: #").
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);

my $dir = Apache::Test::vars('t_logs');
my $httpd = Apache::Test::vars('httpd');
my $readme = "$ENV{PAT_SRC}/README.md";
open my $fh, '<', $readme or die "$readme: $!";
my $text = do { local $/; <$fh> };
close $fh;
my @blocks = $text =~ /^```apache\n(.*?)^```/msg;

plan tests => 2 * @blocks + 1;
ok @blocks >= 9, 'README.md has its configuration examples (' . @blocks . ')';

my $mods = '/usr/lib/apache2/modules';
my $load = join '', map { "LoadModule ${_}_module $mods/mod_$_.so\n" }
    qw(mpm_prefork authn_core authz_core authz_user authz_host auth_basic
       authn_file authz_groupfile authz_dbd dbd ldap authnz_ldap headers
       alias env cgid socache_shmcb);

my $n = 0;
for my $block (@blocks) {
    $n++;
    (my $body = $block) =~ s{\S*/mod_auth_pat\.so}{$ENV{PAT_MODULE_SO}}g;
    my $conf = "$dir/readme_block_$n.conf";
    open my $out, '>', $conf or die $!;
    print $out <<"CONF";
ServerRoot $dir
${load}LoadModule auth_pat_module $ENV{PAT_MODULE_SO}
Listen 127.0.0.1:1
ErrorLog $dir/readme_block.log
PidFile $dir/readme_block.pid
ScriptSock $dir/readme_block.sock
AuthPATPermissionsFile $ENV{PAT_PERMISSIONS_FILE}
$body
CONF
    close $out;
    my $res = `$httpd -t -f $conf 2>&1`;
    my $first = (split /\n/, $block)[0];
    is $? >> 8, 0, "README block $n ($first): httpd -t accepts it"
        or diag $res;
    like $res, qr/Syntax OK/, "... Syntax OK";
}
