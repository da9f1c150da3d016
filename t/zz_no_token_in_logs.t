# Runs last: after the whole suite, no full token is in the error log
# (LogLevel auth_pat:trace8), the access log, the environment of any CGI
# (env.cgi and the admin program append theirs to logs/cgi-env.log) or
# the database.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 9;

my $error_log = error_log_since(0);
like $error_log, qr/PAT refused/, 'the error log has PAT lines';
my @in_error = $error_log =~ /(pat_[0-9A-Za-z]{20,})/g;
is scalar(@in_error), 0, 'no token in the error log';
like access_log(), qr{^\S+ alice \[-\] \[-\] "GET /api/env\.cgi HTTP/1\.1" 200$}m,
    'the access log has requests authenticated by x-pat';
my @in_access = access_log() =~ /(pat_[0-9A-Za-z]{20,})/g;
is scalar(@in_access), 0, 'no token in the access log';

my $cgi_env = PATTest::slurp(Apache::Test::vars('t_dir') . '/logs/cgi-env.log');
like $cgi_env, qr/^SCRIPT_NAME=\/profile\/tokens$/m,
    'the CGI environments were recorded (the admin program among them)';
like $cgi_env, qr/^SCRIPT_NAME=\/api\/v1\.0\/tokens$/m,
    '... and the JSON API (pat-api)';
my @in_env = $cgi_env =~ /(pat_[0-9A-Za-z]{20,})/g;
is scalar(@in_env), 0, 'no token in any CGI environment';

my @dump = sql('SELECT * FROM pat_tokens');
cmp_ok scalar(@dump), '>', 10, 'the suite left token rows behind';
is scalar(grep { /pat_[0-9A-Za-z]{20,}/ } @dump), 0,
    'no token in the database, only hashes';
