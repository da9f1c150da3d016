# Missing, empty, repeated and malformed tokens are refused with 401 and
# the PAT challenge; malformed ones never reach the database.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use HTTP::Request ();
use PATTest;

plan tests => 30, need_lwp;

my ($token) = new_token();
my ($other) = new_token();

sub executions {
    my ($row) = sql("SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'");
    return (split /\t/, $row)[1];
}

sub refused {
    my ($r, $what) = @_;
    is $r->code, 401, "$what: 401";
    is $r->header('WWW-Authenticate'), 'PAT realm="PAT test"',
        "$what: PAT challenge with the AuthName as realm";
}

my $log_start = length error_log_since(0);

refused(GET('/api/env.cgi'), 'no header');
refused(GET('/api/env.cgi', 'x-pat' => ''), 'empty header');
refused(GET('/api/env.cgi', 'x-pat' => '   '), 'blank header');

my $req = HTTP::Request->new(GET => Apache::TestRequest::resolve_url(
                                 '/api/env.cgi'));
$req->push_header('x-pat' => $token);
$req->push_header('x-pat' => $other);
refused(Apache::TestRequest::user_agent()->request($req),
        'two x-pat headers');

my $before = executions();
my %malformed = (
    'wrong prefix'   => 'tap_' . substr($token, 4),
    'upper-case prefix' => 'PAT_' . substr($token, 4),
    'too short'      => substr($token, 0, 39),
    'too long'       => $token . 'a',
    'bad alphabet'   => substr($token, 0, 20) . '-' . substr($token, 21),
    'bad checksum'   => substr($token, 0, 39)
                        . (substr($token, 39) eq 'a' ? 'b' : 'a'),
    'SQL'            => "' OR '1'='1",
    'two tokens'     => "$token $other",
);
for my $what (sort keys %malformed) {
    refused(GET('/api/env.cgi', 'x-pat' => $malformed{$what}),
            "malformed: $what");
}
is executions(), $before,
    'no statement was executed for any malformed token';

my $log = error_log_since($log_start);
like $log, qr/PAT refused: no x-pat header/, 'log names a missing header';
like $log, qr/PAT refused: more than one x-pat header/,
    'log names a repeated header';
like $log, qr/PAT refused: malformed token \(bad checksum, 40 bytes\)/,
    'log names a bad checksum';
like $log, qr/PAT refused: malformed token \(wrong prefix, 40 bytes\)/,
    'log names a wrong prefix';

my $r = GET('/lower/env.cgi');
is $r->header('WWW-Authenticate'), 'PAT realm="PAT"',
    'without AuthName the realm is "PAT"';
