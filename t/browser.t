# The browser tests (t/browser/flow.test.mjs, the whole token flow,
# t/browser/permissions.test.mjs, token permissions,
# t/browser/lifecycle.test.mjs, the list's columns and Regenerate, and
# t/browser/oversight.test.mjs, the administrators' Revoke all) in
# headless Chromium
# against this server; screenshots of each dialog land in
# t/logs/screenshots.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use PATTest;

my $t = Apache::Test::vars('t_dir');
my $logs = Apache::Test::vars('t_logs');
plan tests => 1, need_installed(
    'Chromium (/usr/bin/chromium)' => -x '/usr/bin/chromium',
    'playwright-core (npm ci in t/browser)' =>
        -d "$t/browser/node_modules/playwright-core",
    'node' => have_program('node'));

$ENV{PAT_BASE_URL} = 'http://localhost:' . Apache::Test::vars('port');
$ENV{PAT_SCREENSHOTS} = "$logs/screenshots";
$ENV{PAT_BROWSER_HOME} = "$logs/browser-home";
# a token that expires in 3 days, which no page can make
$ENV{PAT_SOON_NAME} = "Expires soon $$";
new_token(owner => 'alice', name => $ENV{PAT_SOON_NAME},
          expires => date_add(today_local(), 3));
# the user whose tokens the administrator revokes, and another's token
$ENV{PAT_OVERSIGHT_OWNER} = "leaver-$$";
$ENV{PAT_OVERSIGHT_TOKENS} = join ' ',
    map { (new_token(owner => "leaver-$$", name => "leaver token $_"))[0] }
    1 .. 3;
($ENV{PAT_OVERSIGHT_OTHER}) = new_token(owner => 'bob', name => 'stays');
my $files = "$t/browser/flow.test.mjs $t/browser/permissions.test.mjs"
    . " $t/browser/lifecycle.test.mjs $t/browser/oversight.test.mjs";
my $out = `node --test --test-reporter=spec $files 2>&1`;
my $rc = $? >> 8;
print map { "# $_\n" } split /\n/, $out;
is $rc, 0,
    'the whole flow, token permissions, the token lifecycle and the'
    . " administrators' Revoke all pass in the browser";
