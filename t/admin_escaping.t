# What a user types reaches the admin pages as text, never as markup, and
# the error log as one escaped line, never as a forged one.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 8, need_lwp;

my (undef, $xid) = admin_create_token('alice',
                                      '<script>alert(1)</script>"&\'');
my $r = admin_get('alice', '/profile/tokens');
is $r->code, 200, 'the list opens';
like $r->content, qr{<td class="name">&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;&amp;'</td>},
    'a name with markup shows as text';
unlike $r->content, qr{<script>alert}, 'no markup from a name reaches the page';
like admin_get('alice', "/profile/tokens/$xid/edit")->content,
    qr{value="&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;&amp;'"},
    'the edit form escapes it in an attribute';

# regression: form field names went raw into the error log, so a
# cross-site POST could forge log lines
my $start = length error_log_since(0);
$r = admin_post('alice', '/profile/tokens',
                "a%0D%0A[Mon Nov 30 09:00:00 2026] [authz_core:error] FORGED=1"
                . "&a%0D%0A[Mon Nov 30 09:00:00 2026] [authz_core:error] FORGED=2",
                headers => {Origin => 'http://evil.example'});
is $r->code, 400, 'a field name with CR LF, sent twice: 400';
like $r->content, qr/was sent more than once/, '... the page says why';
my $log = log_wait('error', $start, qr/pat-admin: bad form from user alice/);
like $log, qr{^pat-admin: bad form from user alice: The form field \\"a\\r\\n\[Mon Nov 30 09:00:00 2026\] \[authz_core:error\] FORGED\\" was sent more than once\.$}m,
    'the error log has the refusal, the field name on its one line with '
    . 'CR LF escaped';
unlike $log, qr/^\[Mon Nov 30 09:00:00 2026\]/m,
    'a field name cannot start a forged error-log line';
