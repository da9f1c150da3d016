# The admin program under valgrind memcheck for the whole flow: list,
# create, list, edit (page and save), delete (page and confirm), and the
# administrators' view (a filtered list, Revoke page, a refused Revoke,
# Revoke all).  Zero
# memcheck errors and no definite or indirect leak in any run.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

# Under valgrind each page takes a second or two: once per make test (the
# event MPM runs), and not in the ASan build, which valgrind cannot run.
plan skip_all => 'the ASan build (make test SANITIZE=1) is not run under valgrind'
    if $ENV{SANITIZE};
plan skip_all => 'runs under the event MPM only'
    if ($ENV{PAT_TEST_MPM} // '') ne 'event';
plan tests => 15, need(need_lwp(),
                       need_installed('valgrind' => have_program('valgrind')));

my $logs = $ENV{PAT_VALGRIND_LOGS} or die "PAT_VALGRIND_LOGS is not set\n";
unlink glob "$logs/memcheck.*.log";
my $base = '/vg/profile/tokens';

my $r = admin_get('bob', $base);
is $r->code, 200, 'list page under valgrind';
my $v = form_values($r);
$r = admin_post('bob', $base, [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => "valgrind \x{1F600}",
    description => "two\r\nlines", expires => $v->{expires}]);
is $r->code, 200, 'create under valgrind';
like $r->content, qr/id="token" value="pat_[0-9A-Za-z]{36}"/,
    'the token is shown';
my ($id) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = 'bob'");
is admin_get('bob', $base)->code, 200, 'list with the new row';
is admin_get('bob', "$base/$id/edit")->code, 200, 'edit page';
is admin_post('bob', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'renamed', description => '',
    expires => $v->{max}])->code, 303, 'edit saved';
is admin_post('bob', "$base/$id/edit", [
    csrf => $v->{csrf}, name => '', description => '',
    expires => $v->{max}])->code, 400, 'an invalid edit is refused';
is admin_get('bob', "$base/$id/delete")->code, 200, 'delete page';
is admin_post('bob', "$base/$id/delete", [csrf => $v->{csrf}])->code, 303,
    'delete confirmed';

# the administrators' view: a filtered list, Revoke and Revoke all
my $adm = '/vg/admin/tokens';
new_token(owner => 'vg-leaver', name => "vg $_") for 1 .. 2;
my (undef, $rid) = new_token(owner => 'vg-other', name => 'vg one');
is admin_get('root-admin', "$adm?owner=vg-leaver&status=active&unused_days=5")
    ->code, 200, "the administrators' filtered list";
is admin_get('root-admin', "$adm/$rid/revoke")->code, 200, 'the Revoke page';
is admin_post('root-admin', "$adm/$rid/revoke", [csrf => $v->{csrf}])->code,
    403, "bob's CSRF token is not the administrator's";
my $av = form_values(admin_get('root-admin', '/admin/tokens/revoke?owner=vg-leaver'));
is admin_post('root-admin', "$adm/revoke", [csrf => $av->{csrf}, owner => 'vg-leaver'])
    ->code, 303, 'Revoke all';

# valgrind writes its summary after the program has answered: wait for it
my @runs;
for (1 .. 300) {
    @runs = glob "$logs/memcheck.*.log";
    last if @runs == 12
        && !grep { PATTest::slurp($_) !~ /ERROR SUMMARY/ } @runs;
    select undef, undef, undef, 0.1;
}
is scalar @runs, 12, 'valgrind ran the program for each of the 12 requests';
my (@bad, $summaries);
for my $f (@runs) {
    my $text = PATTest::slurp($f);
    $summaries++ if $text =~ /ERROR SUMMARY: 0 errors/;
    push @bad, "$f:\n$text" unless $text =~ /ERROR SUMMARY: 0 errors/;
}
ok !@bad && $summaries == @runs,
    'memcheck: 0 errors (leaks: definite and indirect count as errors) '
    . 'in every run' or diag join "\n", @bad;
