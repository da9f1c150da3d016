# Runs last: after the whole suite, no full token is in the error log
# (LogLevel auth_pat:trace8) or the access log.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 3;

my $error_log = error_log_since(0);
like $error_log, qr/PAT refused/, 'the error log has PAT lines';
my @in_error = $error_log =~ /(pat_[0-9A-Za-z]{20,})/g;
is scalar(@in_error), 0, 'no token in the error log';
my @in_access = access_log() =~ /(pat_[0-9A-Za-z]{20,})/g;
is scalar(@in_access), 0, 'no token in the access log';
