# Malformed requests to the admin pages get a clear 4xx page and change
# nothing.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 20, need_lwp;

my $v = form_values(admin_get('alice', '/profile/tokens'));
my $ok = "csrf=$v->{csrf}&nonce=$v->{nonce}&name=x&description=&expires=$v->{expires}";
my $n = token_count('alice');

my $r = admin_post('alice', '/profile/tokens', $ok,
                   content_type => 'text/plain');
is $r->code, 415, 'wrong content type: 415';
like $r->content, qr/application\/x-www-form-urlencoded/, '... named';
$r = admin_post('alice', '/profile/tokens', $ok . '&description=' . ('d' x 20000));
is $r->code, 413, 'oversized body: 413';
$r = admin_post('alice', '/profile/tokens', $ok . '&name=y');
is $r->code, 400, 'a field given twice: 400';
like $r->content, qr/The form field &quot;name&quot; was sent more than once/,
    '... named';
$r = admin_post('alice', '/profile/tokens', $ok . '&x=%zz');
is $r->code, 400, 'invalid percent-encoding: 400';
like $r->content, qr/invalid percent-encoding/, '... named';
$r = admin_post('alice', '/profile/tokens', "csrf=$v->{csrf}&nonce=$v->{nonce}&name=a%00b&expires=$v->{expires}");
is $r->code, 400, 'an encoded NUL byte: 400';
$r = admin_post('alice', '/profile/tokens', "csrf=$v->{csrf}&nonce=$v->{nonce}");
is $r->code, 400, 'missing fields: 400';
like $r->content, qr/Name is required/, '... naming the missing name';
$r = admin_post('alice', '/profile/tokens', "csrf=$v->{csrf}&nonce=short&name=x&expires=$v->{expires}");
is $r->code, 400, 'a malformed nonce: 400';
is token_count('alice'), $n, 'none of these wrote anything';

require HTTP::Request;
my $req = HTTP::Request->new(PUT => Apache::TestRequest::resolve_url('/profile/tokens'));
$req->authorization_basic('alice', 'alice-password');
$r = Apache::TestRequest::user_agent(reset => 1)->request($req);
is $r->code, 405, 'PUT: 405';
is admin_get('alice', '/profile/tokens/new')->code, 200,
    'the create page without JavaScript opens';

# ids that are not ids
for my $p ('/profile/tokens/abc/edit', '/profile/tokens/0/edit',
           '/profile/tokens/1x/delete', '/profile/tokens/99999999/edit',
           '/profile/tokens/' . ('9' x 30) . '/edit', '/profile/tokens/nope') {
    is admin_get('alice', $p)->code, 404, "$p: 404";
}
