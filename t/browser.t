# The browser test (t/browser/flow.test.mjs) in headless Chromium against
# this server; screenshots of each dialog land in t/logs/screenshots.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();

plan tests => 2;

my $t = Apache::Test::vars('t_dir');
my $logs = Apache::Test::vars('t_logs');
ok -x '/usr/bin/chromium' && -d "$t/browser/node_modules/playwright-core",
    'Chromium and playwright-core are installed (make test installs them)';

$ENV{PAT_BASE_URL} = 'http://localhost:' . Apache::Test::vars('port');
$ENV{PAT_SCREENSHOTS} = "$logs/screenshots";
$ENV{PAT_BROWSER_HOME} = "$logs/browser-home";
my $out = `node --test --test-reporter=spec $t/browser/flow.test.mjs 2>&1`;
my $rc = $? >> 8;
print map { "# $_\n" } split /\n/, $out;
is $rc, 0, 'the whole flow passes in the browser';
