# The security headers of every admin page (a strict Content-Security-
# Policy, no framing, no referrer, not cached) and no inline script.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 13, need_lwp;

my (undef, $aid) = new_token(owner => 'alice', name => 'alice headers token');

for my $case (['/profile/tokens', 200], ['/profile/tokens/new', 200],
              ["/profile/tokens/$aid/edit", 200],
              ["/profile/tokens/$aid/delete", 200],
              ['/profile/tokens/nope', 404]) {
    my ($p, $want) = @$case;
    my $res = admin_get('alice', $p);
    is $res->code, $want, "$p: $want";
    my $csp = $res->header('Content-Security-Policy') // '';
    ok $csp =~ /script-src 'self'/ && $csp !~ /unsafe-inline/
        && $csp =~ /frame-ancestors 'none'/
        && ($res->header('Referrer-Policy') // '') eq 'no-referrer'
        && ($res->header('Cache-Control') // '') eq 'no-store',
        "$p: CSP without inline script, frame-ancestors 'none', "
        . 'no-referrer, no-store';
}
my $list = admin_get('alice', '/profile/tokens');
is $list->code, 200, 'the list page opens';
like $list->content, qr{<script src="[^"]*/pat\.js" defer></script>},
    'its script comes from a file';
unlike $list->content, qr{<script>|<script (?![^>]*src=)},
    'no inline script on the page';
