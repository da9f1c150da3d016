# A token row whose owner cannot be a user name fails closed.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 8, need_lwp;

# regression: owner 'alice\0evil' authenticated as alice
my ($token, $id) = new_token(owner => 'placeholder');
sql("UPDATE pat_tokens SET owner = CONCAT('alice', CHAR(0), 'evil')"
    . " WHERE id = $id");
is GET('/alice-only/env.cgi', 'x-pat' => $token)->code, 500,
    'owner with a NUL byte: 500, not alice';
my $start = length error_log_since(0);
is GET('/api/env.cgi', 'x-pat' => $token)->code, 500,
    'owner with a NUL byte: 500 under Require valid-user';
like error_log_since($start), qr/PAT token id $id: owner or name is empty/,
    'the log names the row';

# regression: an empty owner gave 200 with an empty REMOTE_USER
sql("UPDATE pat_tokens SET owner = '' WHERE id = $id");
is GET('/api/env.cgi', 'x-pat' => $token)->code, 500, 'empty owner: 500';

# the lookup reads one length for owner, name and permissions together
# (module/pat_dbd.c): a NUL in any of them still fails closed
sql("UPDATE pat_tokens SET owner = 'alice', name = CONCAT('ci', CHAR(0), 'x')"
    . " WHERE id = $id");
is GET('/api/env.cgi', 'x-pat' => $token)->code, 500, 'name with a NUL byte: 500';
sql("UPDATE pat_tokens SET name = 'ci',"
    . " permissions = CONCAT('read', CHAR(0), ' write') WHERE id = $id");
$start = length error_log_since(0);
is GET('/api/env.cgi', 'x-pat' => $token)->code, 500,
    'permissions with a NUL byte: 500, not a token narrowed to "read"';
like error_log_since($start), qr/PAT token id $id: owner or name is empty/,
    '... the log names the row';
sql("UPDATE pat_tokens SET permissions = NULL WHERE id = $id");
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200,
    'the same row made sane again: 200 (the check is not always failing)';
