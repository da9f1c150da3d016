# A refused form announces its errors: each invalid field has
# aria-invalid="true" and is described by its hint and its error, valid
# fields are not marked, and the first invalid field (in the order Name,
# Description, Expiration Date) has autofocus, so that the server-rendered
# page puts the cursor there without JavaScript.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 35, need_lwp;

my $list = admin_get('bob', '/profile/tokens');
my $v = form_values($list);
my %bad = (name => '   ', description => 'd' x 501, expires => '2000-01-01');
my %good = (name => 'fine', description => '', expires => $v->{expires});

# The element of field $f (input or textarea) in $html, or ''.
sub field {
    my ($html, $f) = @_;
    my ($el) = $html =~ /(<(?:input|textarea)\b[^>]*\bname="$f"[^>]*>)/;
    return $el // '';
}

# One refused form: the fields in @invalid get bad values, the others good
# ones.  $post: a sub that sends the fields and returns the response.
sub check {
    my ($what, $post, @invalid) = @_;
    my %in = map { $_ => 1 } @invalid;
    my $r = $post->(map { $_ => ($in{$_} ? $bad{$_} : $good{$_}) }
                    qw(name description expires));
    my $html = $r->content;
    is $r->code, 400, "$what: refused";
    for my $f (qw(name description expires)) {
        my $el = field($html, $f);
        if ($in{$f}) {
            like $el, qr/\baria-invalid="true"/,
                "$what: $f has aria-invalid=\"true\"";
            my ($ids) = $el =~ /\baria-describedby="([^"]*)"/;
            is join(' ', sort split ' ', $ids // ''), "$f-error $f-hint",
                "$what: $f is described by its error and its hint";
            like $html, qr{<p class="error" id="$f-error">},
                "$what: ... and the error element has that id";
        }
        else {
            unlike $el, qr/aria-invalid/, "$what: $f is not marked invalid";
        }
    }
    my @focus = $html =~ /<(?:input|textarea)\b[^>]*\bname="(\w+)"[^>]*\bautofocus\b/g;
    is "@focus", $invalid[0], "$what: autofocus on the first invalid field only";
    return $r;
}

my $n = token_count('bob');
my $create = sub {
    my $f = form_values(admin_get('bob', '/profile/tokens'));
    admin_post('bob', '/profile/tokens',
               [csrf => $f->{csrf}, nonce => $f->{nonce}, @_]);
};
check('create, all three wrong', $create, qw(name description expires));
check('create, description wrong', $create, qw(description));
check('create, date wrong', $create, qw(expires));
is token_count('bob'), $n, 'nothing was written';

my ($token, $id) = new_token(owner => 'bob', name => 'to be edited');
check('edit, description and date wrong',
      sub { admin_post('bob', "/profile/tokens/$id/edit",
                       [csrf => $v->{csrf}, @_]) },
      qw(description expires));
