# Field rules of Create and Edit (seed: Field requirements), at their
# boundaries; a refused form names the field and the rule, keeps what was
# typed and writes nothing.
use strict;
use warnings FATAL => 'all';
use utf8;
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Encode qw(encode_utf8);
use PATTest;

plan tests => 90, need_lwp;

my $form = form_values(admin_get('bob', '/profile/tokens'));

# Submit a create form (fresh nonce each time) with the given fields.
sub create {
    my (%f) = @_;
    my $v = form_values(admin_get('bob', '/profile/tokens'));
    my %fields = (csrf => $v->{csrf}, nonce => $v->{nonce},
                  name => 'valid name', description => '',
                  expires => $v->{expires}, %f);
    return admin_post('bob', '/profile/tokens',
                      [map { $_ => (utf8::is_utf8($fields{$_})
                                    ? encode_utf8($fields{$_}) : $fields{$_}) }
                       sort keys %fields]);
}

sub accepted {
    my ($what, %f) = @_;
    my $n = token_count('bob');
    my $r = create(%f);
    is $r->code, 200, "$what: accepted";
    is token_count('bob'), $n + 1, "$what: stored";
}

sub refused {
    my ($what, $field_re, %f) = @_;
    my $n = token_count('bob');
    my $r = create(%f);
    is $r->code, 400, "$what: refused with 400";
    like $r->content, qr{<p class="error" id="\w+-error">$field_re}, 
        "$what: the error names the field and the rule";
    is token_count('bob'), $n, "$what: nothing written";
    return $r;
}

accepted('name of 100 characters', name => 'n' x 100);
refused('name of 101 characters',
        qr/Name must be at most 100 characters \(it has 101\)/,
        name => 'n' x 101);
accepted('name of 100 Norwegian characters', name => 'æøå' x 33 . 'Æ');
refused('name of 101 Norwegian characters', qr/Name must be at most 100/,
        name => 'æøå' x 33 . 'ÆØ');
accepted('name of 100 emoji', name => "\x{1F600}" x 100);
refused('name of 101 emoji', qr/Name must be at most 100/,
        name => "\x{1F600}" x 101);
refused('empty name', qr/Name is required and cannot be blank or spaces only/,
        name => '');
refused('name of spaces only', qr/Name is required/, name => "   \t ");
refused('name of no-break spaces only', qr/Name is required/,
        name => "\x{00A0}\x{3000}");
my $r = refused('name on two lines', qr/Name must be a single line/,
                name => "first\nsecond");
like $r->content, qr{name="name" required value="first\r?\nsecond"},
    'name on two lines: what was typed is kept';
refused('name with a control character', qr/Name must not contain control/,
        name => "bell\x07");
refused('name with a tab inside', qr/Name must not contain control/,
        name => "a\tb");
# regression: names that show nothing, or read backwards, were accepted
refused('name of zero-width spaces only', qr/Name is required/,
        name => "\x{200B}\x{200B}\x{FEFF}");
refused('name of a Hangul filler and a braille blank', qr/Name is required/,
        name => "\x{3164}\x{2800}");
refused('name with a right-to-left override',
        qr/Name must not contain control/, name => "evil\x{202E}txt.exe");
accepted('name with an emoji ZWJ sequence',
         name => "family \x{1F468}\x{200D}\x{1F469}\x{200D}\x{1F467}");

my $n = token_count('bob');
$r = create(name => '  padded name  ');
my ($stored) = sql("SELECT name FROM pat_tokens WHERE owner = 'bob'"
                   . " ORDER BY id DESC LIMIT 1");
is $stored, 'padded name', 'surrounding white space is trimmed';

# invalid UTF-8 needs raw bytes: a urlencoded body by hand
my $v = form_values(admin_get('bob', '/profile/tokens'));
$n = token_count('bob');
$r = admin_post('bob', '/profile/tokens',
                "csrf=$v->{csrf}&nonce=$v->{nonce}&name=%FF%FEbad"
                . "&description=&expires=$v->{expires}");
is $r->code, 400, 'name that is not UTF-8: 400';
like $r->content, qr/Name is not valid UTF-8 text/, '... named as such';
is token_count('bob'), $n, '... nothing written';

accepted('description of 500 characters', description => 'd' x 500);
refused('description of 501 characters',
        qr/Description must be at most 500 characters \(it has 501\)/,
        description => 'd' x 501);
accepted('description of 500 characters with a CRLF counted as one',
         description => 'd' x 498 . "\r\n" . 'e');
refused('description of 501 characters with a CRLF counted as one',
        qr/Description must be at most 500/,
        description => 'd' x 499 . "\r\n" . 'e');
accepted('description of 500 multibyte characters',
         description => 'ø' x 500);
accepted('no description', description => '');

# dates: the page states the range; check it and its edges
my $today = today_local();
is $form->{max}, date_add($today, 365), 'latest date is today + 365 days';
my ($y, $m, $d) = split /-/, $today;
my ($my, $mm) = $m + 6 > 12 ? ($y + 1, $m - 6) : ($y, $m + 6);
my @dim = (31, (($my % 4 == 0 && $my % 100 != 0) || $my % 400 == 0) ? 29 : 28,
           31, 30, 31, 30, 31, 31, 30, 31, 30, 31);
my $md = $d > $dim[$mm - 1] ? $dim[$mm - 1] : $d;
is $form->{min}, sprintf('%04d-%02d-%02d', $my, $mm, $md),
    'earliest date is today + 6 months (clamped)';
my $date_rule = qr/Expiration Date must be at least 6 months from today and no more than 1 year \(365 days\) from today/;
refused('expiration date min - 1 day', $date_rule,
        expires => date_add($form->{min}, -1));
accepted('expiration date min', expires => $form->{min});
accepted('expiration date max', expires => $form->{max});
refused('expiration date max + 1 day', $date_rule,
        expires => date_add($form->{max}, 1));
for my $bad ('2027-7-1', 'tomorrow', '2027-02-30', '01/07/2027') {
    refused("expiration date '$bad'",
            qr/Expiration Date must be a date written YYYY-MM-DD/,
            expires => $bad);
}
refused('no expiration date', qr/Expiration Date is required/,
        expires => '');
