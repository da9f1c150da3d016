# The JSON API (README "API") driven by real clients, as a user's script
# would: curl, Python's requests and HTTPie each create a token with the
# site's login, use it (x-pat at /api/v1.0/currentuser), edit it, read it
# back and delete it; the deleted token is refused.  Each step checks the
# status and the fields of the answer.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use JSON::PP ();
use PATTest;

my $have_requests = have_program('python3')
    && system('python3', '-c', 'import requests') == 0;
plan tests => 3 * 14,
    need_installed('curl' => have_program('curl'),
                   'python3-requests' => $have_requests,
                   'httpie' => have_program('http'));

my $t_logs = Apache::Test::vars('t_logs');
my $url = Apache::TestRequest::resolve_url('/api/v1.0/tokens');
my $use_url = Apache::TestRequest::resolve_url('/api/v1.0/currentuser');
my $json = JSON::PP->new->canonical;

sql("DELETE FROM pat_tokens WHERE owner = 'bob'");

# Run @cmd; returns its standard output.
sub run {
    my (@cmd) = @_;
    open my $fh, '-|', @cmd or die "$cmd[0]: $!";
    local $/;
    my $out = <$fh> // '';
    close $fh;
    return $out;
}

# --- the three clients: each returns (status, body) of one request ---------
# $m: method; $u: URL; %o: login (user:password), token (x-pat), body (a
# Perl structure to send as JSON), json (1: a change that sends the JSON
# Content-Type even without a body).

sub curl {
    my ($m, $u, %o) = @_;
    my @a = ('curl', '-s', '-S', '-w', '\n%{http_code}', '-X', $m);
    push @a, '-u', $o{login} if $o{login};
    push @a, '-H', "x-pat: $o{token}" if $o{token};
    push @a, '-H', 'Content-Type: application/json' if $o{json} || $o{body};
    push @a, '--data-binary', $json->encode($o{body}) if $o{body};
    my $out = run(@a, $u);
    my ($body, $status) = $out =~ /\A(.*)\n(\d+)\z/s;
    return ($status // 0, $body // '');
}

# One Python process per request: requests.request(), as a script calls
# the API (json= sends application/json).
my $py = "$t_logs/api_client.py";
open my $pf, '>', $py or die "$py: $!";
print $pf <<'PY';
import json, sys
import requests
spec = json.loads(sys.argv[1])
kw = {"headers": {}}
if spec.get("login"):
    kw["auth"] = tuple(spec["login"].split(":", 1))
if spec.get("token"):
    kw["headers"]["x-pat"] = spec["token"]
if "body" in spec:
    kw["json"] = spec["body"]
elif spec.get("json"):
    kw["headers"]["Content-Type"] = "application/json"
r = requests.request(spec["method"], spec["url"], timeout=30, **kw)
print(r.status_code)
sys.stdout.write(r.text)
PY
close $pf;

sub python {
    my ($m, $u, %o) = @_;
    my $out = run('python3', $py,
                  $json->encode({method => $m, url => $u, %o}));
    my ($status, $body) = $out =~ /\A(\d+)\n(.*)\z/s;
    return ($status // 0, $body // '');
}

# HTTPie: name:=value items are sent as one JSON object (:= for a JSON
# value); its configuration and sessions stay in t/logs
$ENV{HTTPIE_CONFIG_DIR} = "$t_logs/httpie";

sub httpie {
    my ($m, $u, %o) = @_;
    my @a = ('http', '--ignore-stdin', '--print=hb', '--pretty=none');
    push @a, '--auth', $o{login} if $o{login};
    push @a, $m, $u;
    push @a, "x-pat:$o{token}" if $o{token};
    push @a, 'Content-Type:application/json' if $o{json} && !$o{body};
    for my $k (sort keys %{ $o{body} || {} }) {
        push @a, "$k:=" . $json->encode($o{body}{$k});
    }
    my $out = run(@a);
    my ($status) = $out =~ m{\AHTTP/\S+ (\d+)};
    my ($body) = $out =~ /\r?\n\r?\n(.*)\z/s;
    $body //= '';
    $body =~ s/\s+\z//;    # HTTPie ends what it prints with line breaks
    return ($status // 0, $body);
}

sub decode { my $b = eval { $json->decode($_[0]) }; $b // {} }

# --- the round trip, once per client ----------------------------------------
for my $client (['curl', \&curl], ['Python requests', \&python],
                ['HTTPie', \&httpie]) {
    my ($name, $call) = @$client;
    my $login = 'bob:bob-password';
    my ($status, $body) = $call->(POST => $url, login => $login,
        body => {name => "$name key", description => "made by $name"});
    is $status, 201, "$name: create 201" or diag $body;
    my $t = decode($body);
    like $t->{token} // '', qr/\Apat_[0-9A-Za-z]{36}\z/,
        "$name: the new token in the answer";
    is "$t->{name}|$t->{description}|$t->{status}",
        "$name key|made by $name|active", "$name: its name, description, status";
    my $id = $t->{id} // 0;

    ($status, $body) = $call->(GET => $use_url, token => $t->{token});
    is $status, 200, "$name: the token is used with x-pat: 200";
    is decode($body)->{user}, 'bob', "$name: ... as bob";

    ($status, $body) = $call->(GET => "$url/self", token => $t->{token});
    is $status, 200, "$name: GET /self with the token: 200";
    is decode($body)->{id}, $id, "$name: ... its own id";

    ($status, $body) = $call->(PATCH => "$url/$id", login => $login,
                               body => {name => "$name renamed"});
    is $status, 200, "$name: edit 200" or diag $body;
    is decode($body)->{name}, "$name renamed", "$name: ... the new name";
    is decode($body)->{description}, "made by $name",
        "$name: ... the description kept";

    ($status, $body) = $call->(GET => "$url/$id", login => $login);
    is "$status " . (decode($body)->{name} // ''), "200 $name renamed",
        "$name: GET shows the edit";

    ($status, $body) = $call->(DELETE => "$url/$id", login => $login,
                               json => 1);
    is "$status|$body", '204|', "$name: delete 204 without a body";

    ($status) = $call->(GET => "$url/$id", login => $login);
    is $status, 404, "$name: then GET is 404";
    ($status) = $call->(GET => $use_url, token => $t->{token});
    is $status, 401, "$name: the deleted token is refused";
}
