# Hostile x-pat values, sent byte for byte over a raw socket: each gets
# the status the README documents ("Hostile input"), nothing gets a 2xx
# it should not, and no log line carries the token.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use IO::Socket::INET ();
use PATTest;

my ($token, $id) = new_token();

# name => [x-pat header line bytes (after "x-pat:"), expected status]
my @cases = (
    ['0 bytes',                 '',                          401],
    ['1 byte',                  ' p',                        401],
    ['8,000 bytes (under LimitRequestFieldSize)',
                                ' ' . ('A' x 8000),          401],
    # LimitRequestFieldSize (8190) counts the name and colon too: with
    # httpd 2.4.71 a line "x-pat: " + 8184 bytes (8191) still passes and
    # one more byte is refused
    ['a header line just within the limit', ' ' . ('A' x 8184), 401],
    ['a header line one byte over the limit', ' ' . ('A' x 8185), 400],
    ['10 KB (over LimitRequestFieldSize 8190)',
                                " $token" . ('A' x 10_000),  400],
    ['100 KB',                  " $token" . ('A' x 100_000), 400],
    ['NUL inside the token',    ' ' . substr($token, 0, 20) . "\0"
                                    . substr($token, 21),    400],
    ['NUL after the token',     " $token\0",                 400],
    ['control byte 0x01',       " $token\x01",               400],
    ['DEL 0x7f',                " $token\x7f",               400],
    ['escape sequence',         " \e[31m$token",             400],
    ['bare CR after the token', " $token\r",                 400],
    ['non-ASCII UTF-8',         " pat_\xc3\xa9" . substr($token, 6), 401],
    ['non-ASCII Latin-1',       " $token\xe9",               401],
    ['trailing tab',            " $token\t",                 200],
    ['leading and trailing spaces', "   $token   ",          200],
    ['SQL metacharacters',      q( pat_' OR 1=1; --),        401],
    ['SQL in a well-formed length', ' pat_' . ("'" x 36),    401],
);

plan tests => 2 * @cases + 10, need_lwp;

my $hostport = Apache::TestRequest::hostport();
my ($host, $port) = split /:/, $hostport;

# Send one request for $path (default /api/env.cgi) with the given raw
# value of header $name (default x-pat; undef value: no such header) and
# X-Probe: probe; return the status and the body.
sub raw_status {
    my ($header_line, $name, $path) = @_;
    $name //= 'x-pat';
    $path //= '/api/env.cgi';
    my $sock = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port,
                                     Timeout => 10)
        or die "connect: $!";
    binmode $sock;
    print $sock "GET $path HTTP/1.1\r\nHost: $hostport\r\n"
        . "Connection: close\r\nX-Probe: probe\r\n"
        . (defined $header_line ? "$name:$header_line\r\n" : '') . "\r\n";
    my $status = <$sock> // '';
    my $body = do { local $/; <$sock> } // '';
    close $sock;
    return ($status =~ m{^HTTP/1\.[01] (\d{3})} ? $1 : 0, $body);
}

my $log_start = length error_log_since(0);
for my $c (@cases) {
    my ($what, $line, $want) = @$c;
    my ($got, $body) = raw_status($line);
    is $got, $want, "x-pat $what: $want";
    unlike $body, qr/\Q$token\E/, "x-pat $what: the answer does not echo the token";
}

# the header with an underscore: httpd passes it on, the module does not
# read it, and CGIs never see headers with underscores
my ($got) = raw_status(undef);
is $got, 401, 'no header at all: 401';
($got) = raw_status(" $token", 'x_pat');
is $got, 401, 'x_pat (underscore) does not authenticate: 401';
my $body;
($got, $body) = raw_status(" $token", 'x_pat', '/open/env.cgi');
is $got, 200, 'x_pat to a location without AuthType PAT: 200';
like $body, qr/^HTTP_X_PROBE=probe$/m,
    '... the CGI ran and sees the header sent along (X-Probe)';
unlike $body, qr/pat_\w{10}/, '... but not x_pat, nor the token in it';

my $log = error_log_since($log_start);
like $log, qr/PAT refused: malformed token \(wrong length, 1 bytes\)/,
    'the log names the reason for 1 byte';
like $log, qr/PAT refused: malformed token \(wrong length, 8000 bytes\)/,
    'and for 8,000 bytes';
like $log, qr/AH00561: Request header exceeds LimitRequestFieldSize: x-pat$/m,
    'httpd itself logs the oversized header by its name only';
unlike $log, qr/\Q$token\E/, 'no log line carries the token';
unlike $log, qr/\Q@{[substr($token, 4, 20)]}\E/,
    'not even the first 20 characters of its secret part';
