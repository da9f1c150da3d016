# Create new: the token is shown once, in the create response only, works
# with the module at once, and a resubmitted form creates nothing.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use Digest::SHA qw(sha256_hex);
use PATTest;

plan tests => 23, need_lwp;

my $list = admin_get('alice', '/profile/tokens');
is $list->code, 200, 'the list page opens for a logged-in user';
like $list->content, qr{<h1>Manage Personal Access Tokens</h1>},
    'titled Manage Personal Access Tokens';
like $list->content, qr{>Create new</a>}, 'with a Create new button';
like $list->content, qr{<p class="nav-section">My Profile</p>.*Personal Access Tokens</a>}s,
    'left navigation: My Profile > Personal Access Tokens';
like $list->content, qr{<h2 id="create-title">Create Personal Access Token</h2>},
    'the Create Personal Access Token dialog is on the page';
my $v = form_values($list);
like $v->{expires}, qr/^\d{4}-(01|07)-01$/,
    'Expiration Date is pre-filled with a January 1st or July 1st';
ok $v->{min} le $v->{expires} && $v->{expires} le $v->{max},
    "the default $v->{expires} lies in [$v->{min}, $v->{max}]";

my $before = token_count('alice');
my $res = admin_post('alice', '/profile/tokens', [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'CI deploy',
    description => "Used by the\r\nnightly build", expires => $v->{expires}]);
is $res->code, 200, 'Create answers 200';
like $res->content, qr{New token successfully created\.},
    'confirmation "New token successfully created."';
like $res->content, qr{<h2 id="copy-title">Copy your token</h2>},
    'the Copy your token dialog';
my ($token) = $res->content
    =~ /<input type="text" id="token" value="(pat_[0-9A-Za-z]{36})" readonly/;
ok defined $token, 'the full token is in a read-only Token field';
like $res->content, qr{This is the only time you will see the full token\. Please copy and store it securely\.},
    'with the warning';
is $res->header('Cache-Control'), 'no-store', 'the response is not cached';
is token_count('alice'), $before + 1, 'one token row was written';
my ($row) = sql("SELECT name, description, expires_on, hint, token_hash"
                . " FROM pat_tokens WHERE owner = 'alice' ORDER BY id DESC LIMIT 1");
my @f = split /\t/, $row;
is_deeply [@f[0 .. 3]],
    ['CI deploy', 'Used by the\nnightly build', $v->{expires}, substr($token, -4)],
    'stored: name, description (CRLF as LF), expiration date, hint';
isnt $f[4], $token, 'the database holds a hash, not the token';
is $f[4], sha256_hex($token), '... the SHA-256 of the token, in hex';

my $api = GET '/api/env.cgi', 'x-pat' => $token;
is $api->code, 200, 'the new token authenticates at once';
is api_env($api)->{REMOTE_USER}, 'alice', '... as its owner';

$list = admin_get('alice', '/profile/tokens');
like $list->content, qr{<td class="name">CI deploy</td>.*<td class="status active">Active</td>}s,
    'the list shows the new token as Active';
unlike $list->content, qr/\Q$token\E/, 'the list never shows the token again';

# reload / back button / double click: the same form again
$res = admin_post('alice', '/profile/tokens', [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'CI deploy',
    description => '', expires => $v->{expires}]);
is $res->code, 409, 'resubmitting the same create form: 409';
is token_count('alice'), $before + 1, 'resubmitting created no second token';
