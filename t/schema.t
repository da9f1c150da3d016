# The schema: one indexed lookup by token hash, owners indexed, a schema
# version recorded.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 11;

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
is $version, 5, 'schema.sql plus the migrations give schema version 5';
# Galera replicates only tables with a primary key (README "Database")
my @nopk = sql("SELECT t.table_name FROM information_schema.tables t"
               . " WHERE t.table_schema = DATABASE() AND NOT EXISTS"
               . " (SELECT 1 FROM information_schema.table_constraints c"
               . " WHERE c.table_schema = t.table_schema"
               . " AND c.table_name = t.table_name"
               . " AND c.constraint_type = 'PRIMARY KEY')");
is scalar(@nopk), 0, 'every table has a primary key: ' . join(' ', @nopk);
# (the harness adds pat_test_groups for its group tests)
my @tables = sort grep { $_ ne 'pat_test_groups' }
    sql("SELECT table_name FROM information_schema.tables"
        . " WHERE table_schema = DATABASE()");
is join(' ', @tables),
    'pat_reminders pat_schema_version pat_token_events pat_tokens pat_user_mail',
    'the tables of schema version 5';
my ($hist_plan) = sql("EXPLAIN SELECT id FROM pat_token_events"
                      . " WHERE token_id = 1 ORDER BY id DESC");
is((split /\t/, $hist_plan)[5], 'pat_token_events_token',
   "a token's history is read by its index");
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
