# openapi.yaml, the JSON API's document: valid OpenAPI by a real
# validator (swagger-parser, from npm in t/browser), copies broken on
# purpose refused, and every documented operation sent to pat-api on this
# server, each answer's status documented for its operation and its body
# valid by the documented schema (ajv); every documented status is seen
# or listed in the script as not, with the reason; then again with the
# database stopped, for the documented 500s.
# The script: t/browser/openapi.test.mjs (node:test).
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

my $t = Apache::Test::vars('t_dir');
plan tests => 2, need_installed(
    'swagger-parser (npm ci in t/browser)' =>
        -d "$t/browser/node_modules/\@apidevtools/swagger-parser",
    'node' => have_program('node'));

# oscar uses the API; olivia has MaxTokensPerUser (100) tokens; bob owns
# a token oscar must not reach
sql("DELETE FROM pat_tokens WHERE owner IN ('oscar', 'olivia', 'oskar')");
sql("INSERT INTO pat_tokens (owner, name, token_hash, hint, expires_on)"
    . " SELECT 'olivia', CONCAT('filler ', seq),"
    . " SHA2(CONCAT('olivia-', seq, '-', UUID()), 256), 'xxxx',"
    . " CURDATE() + INTERVAL 200 DAY FROM seq_1_to_100");
my (undef, $other_id) = new_token(owner => 'bob', name => 'not oscar\'s');
my (undef, $expired_id) = new_token(owner => 'oscar', name => 'expired',
                                    expires => date_add(today_local(), -3));
new_token(owner => 'oscar', name => 'soon',
          expires => date_add(today_local(), 3));

$ENV{PAT_OPENAPI} = "$ENV{PAT_SRC}/openapi.yaml";
$ENV{PAT_BASE_URL} = 'http://localhost:' . Apache::Test::vars('port');
$ENV{PAT_API_USER} = 'oscar';
$ENV{PAT_API_PASSWORD} = 'oscar-password';
$ENV{PAT_API_FULL_USER} = 'olivia';
$ENV{PAT_API_FULL_PASSWORD} = 'olivia-password';
$ENV{PAT_API_OTHER_ID} = $other_id;
$ENV{PAT_API_EXPIRED_ID} = $expired_id;
# the API on a site with permissions (admin-perm.conf), behind Basic auth
# that takes a token as the password too (t/conf/extra.conf.in)
$ENV{PAT_API_PERM_PREFIX} = '/basic-api/v1.0';
# a token as the Basic password there: its owner must not be in the
# password file (file pat: the file provider refuses a user it knows)
@ENV{qw(PAT_API_TOKEN PAT_API_TOKEN_ID)} =
    new_token(owner => 'oskar', name => 'as a password');
$ENV{PAT_API_TOKEN_USER} = 'oskar';
sub run_script {
    my $out = `node --test --test-reporter=spec $t/browser/openapi.test.mjs 2>&1`;
    my $rc = $? >> 8;
    print map { "# $_\n" } split /\n/, $out;
    return $rc;
}
is run_script(), 0, 'openapi.yaml is valid and the server answers as it says';

# again with the database stopped: the documented 500s
db_stop();
my $rc = eval { local $ENV{PAT_API_DB_DOWN} = 1; run_script() };
db_start();
is $rc, 0, 'with the database down, each operation answers its documented 500';

sql("DELETE FROM pat_tokens WHERE owner IN ('oscar', 'olivia', 'oskar')"
    . " OR id = $other_id");
