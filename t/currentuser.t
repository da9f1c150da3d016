# /api/v1.0/currentuser, called as in the seed's example: JSON about the
# authenticated user; 401 with a JSON body without a valid token.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use JSON::PP ();
use PATTest;

plan tests => 12, need_installed('curl' => have_program('curl'),
                                'python3' => have_program('python3'));

my $url = Apache::TestRequest::resolve_url('/api/v1.0/currentuser');
my $expires = date_add(today_local(), 50);
my ($token, $id) = new_token(owner => 'alice', name => 'curl key',
                             expires => $expires);

sub curl {
    my (@args) = @_;
    open my $fh, '-|', 'curl', '-s', '-w', '\n%{http_code} %{content_type}',
        '--request', 'GET', '--url', $url, @args or die "curl: $!";
    local $/;
    my $out = <$fh>;
    close $fh;
    my ($body, $status) = $out =~ /\A(.*)\n(\d+ \S*)\z/s;
    return ($body, $status);
}

my ($body, $status) = curl('--header', "x-pat: $token");
is $status, '200 application/json', 'curl as in the seed: 200 application/json';
my $json = JSON::PP::decode_json($body);
is $json->{user}, 'alice', 'user is the token owner';
is $json->{auth_type}, 'PAT', 'auth_type is PAT';
is_deeply $json->{token}, {id => $id + 0, name => 'curl key',
                           expires => $expires},
    "the token's id, name and expiration date";

($body, $status) = curl('--header', 'x-pat: YOUR_PAT_HERE');
is $status, '401 application/json', 'a wrong token: 401 application/json';
is JSON::PP::decode_json($body)->{error}, 'unauthorized',
    'with a JSON error body';
($body, $status) = curl();
is $status, '401 application/json', 'no token: 401 application/json';

# a script in another language: Python's standard urllib
my $py = <<'PY';
import json, sys, urllib.request, urllib.error
url, token = sys.argv[1], sys.stdin.readline().strip()
req = urllib.request.Request(url, headers={"x-pat": token})
print(json.load(urllib.request.urlopen(req))["user"])
try:
    urllib.request.urlopen(urllib.request.Request(url, headers={"x-pat": token + "x"}))
except urllib.error.HTTPError as e:
    print(e.code)
PY
open my $fh, '|-', "python3 -c '$py' $url > $ENV{PAT_TEST_DB}/../py.out"
    or die "python3: $!";
print $fh "$token\n";
close $fh;
open my $in, '<', "$ENV{PAT_TEST_DB}/../py.out" or die $!;
my @lines = <$in>;
chomp @lines;
is_deeply \@lines, ['alice', '401'],
    'Python urllib with the header: alice, then 401 for a wrong token';

# regression: a POST the endpoint answered without reading its body lost
# the answer ("transfer closed with outstanding read data remaining",
# curl's 000; httpd: "ap_content_length_filter: apr_bucket_read() failed",
# seen with curl --data x=1 on the demo's /api/v1.0/data)
for my $data ('x=1', 'x=' . ('y' x 60000)) {
    open my $fh, '-|', 'curl', '-s', '-w', '\n%{http_code}', '--url', $url,
        '--header', "x-pat: $token", '--data', $data or die "curl: $!";
    local $/;
    my $out = <$fh>;
    close $fh;
    my $rc = $? >> 8;
    my ($b, $code) = $out =~ /\A(.*)\n(\d+)\z/s;
    is "$rc $code", '0 200',
        'POST with a body of ' . length($data) . ' bytes: 200, complete';
    like $b // '', qr/"user": "alice"/, '... the whole JSON';
}
