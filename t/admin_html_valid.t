# Every state of the token pages is valid HTML: the Nu Html Checker
# (vnu.jar from npm, t/browser's lock file; Java from Debian's
# openjdk-17-jre-headless) finds 0 errors in the list (empty, with tokens
# (one used, one expiring soon), after create, edit, regenerate and
# delete), the Create, Edit, Regenerate and Delete pages,
# refused forms (the token limit too), the error pages, and the same
# pages with a Permissions group and column (PermissionsFile), and the
# administrators' list, confirmations and refusal.  Each page is
# saved to t/logs/html/ and all of them are checked in one run of the
# checker.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use JSON::PP ();
use PATTest;

my $t = Apache::Test::vars('t_dir');
my $vnu = "$t/browser/node_modules/vnu-jar/build/dist/vnu.jar";
my $dir = Apache::Test::vars('t_logs') . '/html';
my @pages;    # [file, what, status seen]

plan tests => 3 + 34, need_lwp;
# the checker's messages quote with typographic quotes
binmode Test::More->builder->$_, ':encoding(UTF-8)'
    for qw(output failure_output todo_output);

# erin's list starts empty, whatever ran before
sql("DELETE FROM pat_tokens WHERE owner = 'erin'");

sub keep {
    my ($what, $res) = @_;
    mkdir $dir;
    (my $file = sprintf('%02d-%s.html', scalar(@pages) + 1, $what))
        =~ s/[^\w.-]+/-/g;
    open my $fh, '>:raw', "$dir/$file" or die "$dir/$file: $!";
    print $fh $res->content;
    close $fh or die $!;
    push @pages, [$file, $what, $res->code];
    return $res;
}

my $base = '/profile/tokens';
my $list = keep('list, empty', admin_get('erin', $base));
my $v = form_values($list);
keep('create page (no JavaScript)', admin_get('erin', "$base/new"));
keep('create refused', admin_post('erin', $base, [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => '   ',
    description => 'x' x 501, expires => '2000-01-01']));
keep('create refused, a date that is no date', admin_post('erin', $base, [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'ok',
    expires => 'tomorrow']));
keep('list after create', admin_post('erin', $base, [
    csrf => $v->{csrf}, nonce => $v->{nonce},
    name => q{<b>"quoted" & 'odd'</b>}, description => "two\r\nlines",
    expires => $v->{expires}]));
keep('create sent again', admin_post('erin', $base, [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'again',
    expires => $v->{expires}]));
my ($id) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = 'erin'");
# Last used as a <time>, and the Expires soon badge
sql("UPDATE pat_tokens SET last_used_at = NOW(), expires_on = '"
    . date_add(today_local(), 3) . "' WHERE id = $id");
keep('list with tokens', admin_get('erin', $base));
keep('edit', admin_get('erin', "$base/$id/edit"));
keep('edit refused', admin_post('erin', "$base/$id/edit", [
    csrf => $v->{csrf}, name => '', description => '',
    expires => 'tomorrow']));
admin_post('erin', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'edited', description => '',
    expires => $v->{expires}]);
keep('list after edit', admin_get('erin', "$base?done=updated"));
my $g = form_values(keep('regenerate', admin_get('erin', "$base/$id/regenerate")));
keep('list after regenerate', admin_post('erin', "$base/$id/regenerate", [
    csrf => $g->{csrf}, nonce => $g->{nonce}]));
keep('regenerate sent again', admin_post('erin', "$base/$id/regenerate", [
    csrf => $g->{csrf}, nonce => $g->{nonce}]));
keep('activity', admin_get('erin', "$base/$id/activity"));
keep('delete', admin_get('erin', "$base/$id/delete"));
keep('CSRF refused', admin_post('erin', "$base/$id/delete",
                                [csrf => 'f' x 64]));
admin_post('erin', "$base/$id/delete", [csrf => $v->{csrf}]);
keep('list after delete', admin_get('erin', "$base?done=deleted"));
keep('404, no such token', admin_get('erin', "$base/$id/edit"));
keep('404, no such page', admin_get('erin', "$base/nothing"));
keep('bad request', admin_post('erin', $base, 'a=%zz'));
# with permissions (/perm: permissions.conf)
my $perm = '/perm/profile/tokens';
keep('permissions: list, empty', admin_get('erin', $perm));
keep('permissions: create page', admin_get('erin', "$perm/new"));
keep('permissions: create refused, none ticked', admin_post('erin', $perm, [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => '',
    expires => $v->{expires}, permissions_shown => 1]));
keep('permissions: list after create', admin_post('erin', $perm, [
    csrf => $v->{csrf}, nonce => form_values(admin_get('erin', $perm))->{nonce},
    name => 'read only', expires => $v->{expires}, permissions => 'read']));
($id) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = 'erin'");
keep('permissions: edit', admin_get('erin', "$perm/$id/edit"));
keep('permissions: edit refused', admin_post('erin', "$perm/$id/edit", [
    csrf => $v->{csrf}, name => 'read only', expires => 'tomorrow']));
sql("INSERT INTO pat_tokens (owner, name, token_hash, hint, expires_on)"
    . " SELECT 'erin', 'filler', SHA2(CONCAT('erin-', seq, UUID()), 256),"
    . " 'xxxx', CURDATE() + INTERVAL 200 DAY FROM seq_1_to_3");
my $m = form_values(admin_get('erin', '/max3/profile/tokens'));
keep('limit reached', admin_post('erin', '/max3/profile/tokens', [
    csrf => $m->{csrf}, nonce => $m->{nonce}, name => 'one too many',
    expires => $m->{expires}]));

# the administrators' view (README "For administrators")
keep('admin: list', admin_get('root-admin', '/admin/tokens'));
keep('admin: list by owner, with Revoke all',
     admin_get('root-admin', '/admin/tokens?owner=erin&status=active'));
keep('admin: list with permissions', admin_get('root-admin', '/perm-admin/tokens'));
keep('admin: revoke', admin_get('root-admin', "/admin/tokens/$id/revoke"));
keep('admin: revoke all', admin_get('root-admin', '/admin/tokens/revoke?owner=erin'));
keep('admin: revoke all, no tokens',
     admin_get('root-admin', '/admin/tokens/revoke?owner=nobody-here'));
keep('admin: bad filter', admin_get('root-admin', '/admin/tokens?unused_days=0'));

ok -r $vnu, 'vnu.jar is installed (make test runs npm ci in t/browser)';
my %want = ('create refused' => 400, 'edit refused' => 400,
            'create refused, a date that is no date' => 400,
            'create sent again' => 409, 'CSRF refused' => 403,
            'regenerate sent again' => 409,
            '404, no such token' => 404, '404, no such page' => 404,
            'bad request' => 400, 'limit reached' => 409,
            'permissions: create refused, none ticked' => 400,
            'permissions: edit refused' => 400,
            'admin: bad filter' => 400);
my @wrong = grep { $_->[2] != ($want{ $_->[1] } // 200) } @pages;
is_deeply [map { "$_->[1]: $_->[2]" } @wrong], [],
    'each page state answered its status';

my $out = `java -jar $vnu --errors-only --format json --stdout $dir/*.html 2>&1`;
my $report = eval { JSON::PP::decode_json($out) };
ok $report, 'the checker ran and wrote its JSON report'
    or diag $out;
my %errors;
for my $m (@{ $report ? $report->{messages} : [] }) {
    my ($file) = ($m->{url} // '') =~ m{([^/]+)$};
    push @{ $errors{ $file // '?' } },
        "line " . ($m->{lastLine} // '?') . ": $m->{message}";
}
for my $p (@pages) {
    my $e = $errors{ $p->[0] } || [];
    is scalar(@$e), 0, "$p->[1] ($p->[0]): 0 errors"
        or diag join "\n", @$e;
}
