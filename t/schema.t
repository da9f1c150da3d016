# The schema: one indexed lookup by token hash, owners indexed, a schema
# version recorded.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 8;

my ($token, $id) = new_token();
my ($hash) = sql("SELECT token_hash FROM pat_tokens WHERE id = $id");
my ($plan) = sql("EXPLAIN SELECT id FROM pat_tokens WHERE token_hash = '"
                 . $hash . "'");
my @cols = split /\t/, $plan;
is $cols[5], 'pat_tokens_token_hash',
    'the lookup by token_hash uses the unique index';
my ($owner_plan) = sql("EXPLAIN SELECT id FROM pat_tokens WHERE owner = 'x'");
is((split /\t/, $owner_plan)[5], 'pat_tokens_owner', 'owner is indexed');
my ($version) = sql('SELECT MAX(version) FROM pat_schema_version');
is $version, 4, 'schema.sql plus the migrations give schema version 4';
my ($perms) = sql("SELECT COALESCE(permissions, 'NULL') FROM pat_tokens"
                  . " WHERE id = $id");
is $perms, 'NULL',
    'a token made without permissions is not narrowed (NULL: full rights)';
ok !eval { sql("INSERT INTO pat_tokens (owner, name, token_hash, hint,"
               . " expires_on) SELECT owner, name, token_hash, hint,"
               . " expires_on FROM pat_tokens WHERE id = $id"); 1 },
    'a second row with the same token_hash is refused';
like $@, qr/Duplicate entry '\Q$hash\E' for key 'pat_tokens_token_hash'/,
    '... by the unique index on token_hash';

# the module registers its statements once per mod_dbd record: virtual
# hosts without DBD directives share the main server's, and a second
# registration made mod_dbd warn at every start (regression)
my $log = error_log_since(0);
like $log, qr/AH00489|resuming normal operations/, 'the error log has the start';
unlike $log, qr/conflicting SQL statements with label auth_pat/,
    'no "conflicting SQL statements" warning about our statements';
