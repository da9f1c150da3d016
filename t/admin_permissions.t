# Token permissions on the pages (admin.conf's PermissionsFile, README
# "Token management pages"): the Permissions group of the Create and
# Edit forms, what is stored (NULL: not narrowed), the field error when
# none is ticked, tampered forms, the list's Permissions column, a broken
# or empty permissions file, and a site without permissions, whose pages
# are as before and whose edits leave a token's permissions alone.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 133, need_lwp;

my $user = 'frank';
my $base = '/perm/profile/tokens';        # permissions.conf
my $plain = '/profile/tokens';            # no PermissionsFile
my $fbase = '/perm-file/profile/tokens';  # the file this test writes
my $file = $ENV{PAT_TEST_PERMISSIONS_FILE}
    or die "PAT_TEST_PERMISSIONS_FILE is not set: run make test\n";
my $too_many = 'The form field &quot;permissions&quot; was sent more than '
    . '32 times\.';
sql("DELETE FROM pat_tokens WHERE owner = '$user'");

# The Permissions checkboxes of a page: [value, ticked, the tag] each.
sub checkboxes {
    my ($html) = @_;
    return map {
        my ($value) = /\bvalue="([^"]*)"/;
        [$value // '', /\bchecked\b/ ? 1 : 0, $_]
    } $html =~ /(<input type="checkbox"[^>]*\bname="permissions"[^>]*>)/g;
}
sub boxes { join ' ', map { $_->[0] } checkboxes($_[0]) }
sub ticked { join ' ', map { $_->[0] } grep { $_->[1] } checkboxes($_[0]) }

# The permissions column of token $id; "(sql null)" for SQL NULL.
sub last_id {
    (sql("SELECT IFNULL(MAX(id), 0) FROM pat_tokens WHERE owner = '$user'"))[0];
}

# the hidden field of the Permissions group, sent as the pages' forms
# send it (local @shown = () for a form made without the group)
our @shown = (permissions_shown => 1);

# POST the create form of the list at $at (its own csrf and nonce) with
# the name $name, the default date and @more (permissions => NAME, ...).
sub create {
    my ($at, $name, @more) = @_;
    my $v = form_values(admin_get($user, $at));
    return admin_post($user, $at, [
        csrf => $v->{csrf}, nonce => $v->{nonce}, name => $name,
        description => '', expires => $v->{expires}, @shown, @more]);
}

# POST the edit form of token $id at $at with @more.
sub edit {
    my ($at, $id, $name, @more) = @_;
    my $v = form_values(admin_get($user, $at));
    return admin_post($user, "$at/$id/edit", [
        csrf => $v->{csrf}, name => $name, description => '',
        expires => $v->{expires}, @shown, @more]);
}

sub perms { map { (permissions => $_) } @_ }

# The lines pat-admin wrote to the error log after byte $from, once one
# matching $re is there.
sub admin_log_lines {
    my ($from, $re) = @_;
    return grep { /^pat-admin: / } split /\n/, log_wait('error', $from, $re);
}

sub write_file {
    my ($text) = @_;
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh or die "$file: $!";
}

# --- a site without permissions: the pages as before -----------------
my (undef, $narrowed) = new_token(owner => $user, name => 'narrowed by SQL');
sql("UPDATE pat_tokens SET permissions = 'read' WHERE id = $narrowed");
for my $page (['the list', $plain], ['the create page', "$plain/new"],
              ['the edit page', "$plain/$narrowed/edit"]) {
    my $r = admin_get($user, $page->[1]);
    is $r->code, 200, "no PermissionsFile: $page->[0] opens";
    unlike $r->content, qr/permission/i,
        '... with no Permissions field or column';
}
my $r = edit($plain, $narrowed, 'renamed');
is $r->code, 303, 'no PermissionsFile: an edit saves';
is stored_permissions($narrowed), 'read', "... and leaves the token's permissions alone";
$r = create($plain, 'plain');
is $r->code, 200, 'no PermissionsFile: a create';
is stored_permissions(last_id()), '(sql null)', '... stores NULL, as before';

my $n = token_count($user);
my $from = length error_log_since(0);
$r = create($plain, 'tampered', perms('read'));
is $r->code, 400, 'no PermissionsFile: a form with permissions is refused (400)';
like $r->content, qr/The form field &quot;permissions&quot; was sent, but this site has no permissions\./,
    '... naming the field and the reason';
is token_count($user), $n, '... nothing written';
is_deeply [admin_log_lines($from, qr/bad form from user $user/)],
    [qq{pat-admin: bad form from user $user: The form field \\"permissions\\" was sent, but this site has no permissions.}],
    '... one log line naming the reason';

# --- the Create form ------------------------------------------------------
my $new = admin_get($user, "$base/new");
is $new->code, 200, 'with PermissionsFile: the create page opens';
like $new->content,
    qr{<fieldset class="field permissions">\n<legend>Permissions</legend>\n},
    '... with a Permissions group';
is boxes($new->content), 'read write',
    "... a checkbox per permission, in the file's order";
is ticked($new->content), 'read write', '... all of them ticked';
like $new->content,
    qr{<input type="checkbox" id="perm-read" name="permissions" value="read" checked[^>]*>\n<label for="perm-read">Read data</label>},
    '... read labelled "Read data"';
like $new->content,
    qr{<input type="checkbox" id="perm-write" name="permissions" value="write" checked[^>]*>\n<label for="perm-write">Create and change data</label>},
    '... write labelled "Create and change data"';
my $list = admin_get($user, $base);
is ticked($list->content), 'read write', "the list's Create dialog: the same";
like $list->content, qr{id="new-perm-read"}, '... with its own ids';

# created as the product page describes: Name, Description, Expiration
# Date, Create, with the boxes as the page ticks them
my $v = form_values($list);
$r = admin_post($user, $base, [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'full rights',
    description => '', expires => $v->{expires},
    perms(split ' ', ticked($list->content))]);
is $r->code, 200, 'create with the permissions as pre-ticked';
like $r->content, qr/New token successfully created\./, '... is created';
my $full = last_id();
is stored_permissions($full), '(sql null)', '... not narrowed: permissions NULL';

$r = create($base, 'read only', perms('read'));
is $r->code, 200, 'create with read only';
my $ro = last_id();
is stored_permissions($ro), 'read', '... stores "read"';
$r = create($base, 'write only', perms('write'));
my $wo = last_id();
is stored_permissions($wo), 'write', 'create with write only stores "write"';
$r = create($base, 'both, other order', perms('write', 'read'));
is stored_permissions(last_id()), '(sql null)', 'both ticked, in any order: NULL';

# --- none ticked: a field error ------------------------------------------
$n = token_count($user);
$from = length error_log_since(0);
$r = create($base, 'none ticked');
is $r->code, 400, 'none ticked: 400';
like $r->content,
    qr{<p class="error" id="permissions-error">Permissions - Select at least one permission\.</p>},
    '... with the error in the group';
my @boxes = checkboxes($r->content);
is scalar(grep { $_->[2] =~ /\baria-invalid="true"/ } @boxes), 2,
    '... every checkbox marked invalid';
is scalar(grep { $_->[2] =~ /\baria-describedby="permissions-hint permissions-error"/ } @boxes),
    2, '... and described by the hint and the error';
my @focus = $r->content =~ /(<(?:input|textarea)\b[^>]*\bautofocus\b[^>]*>)/g;
is scalar(@focus), 1, '... one field has the focus';
like $focus[0] // '', qr/id="perm-read"/, '... the first checkbox';
is ticked($r->content), '', '... shown again with none ticked';
like $r->content, qr/name="name" required value="none ticked"/,
    '... and the name kept';
is token_count($user), $n, '... nothing written';
is_deeply [admin_log_lines($from, qr/create refused for user $user/)],
    ["pat-admin: create refused for user $user: permissions"],
    '... the log names the field';

$r = create($base, '  ', perms('write'));
is $r->code, 400, 'a form refused for its name';
is ticked($r->content), 'write', '... keeps the ticks';
is scalar(grep { $_->[2] =~ /aria-invalid/ } checkboxes($r->content)), 0,
    '... and does not mark the checkboxes';
@focus = $r->content =~ /(<(?:input|textarea)\b[^>]*\bautofocus\b[^>]*>)/g;
like "@focus", qr/^<input type="text" id="name" name="name"[^>]*>$/,
    '... the focus on the name only';
$r = create($base, '  ');
like $r->content, qr/Name is required.*Permissions - Select at least one permission/s,
    'name and permissions refused together: both errors';

# --- tampered forms: 400 naming the field, nothing written -----------------
my @tampered = (
    ['an unknown permission', [perms('admin')],
     'names a permission this site does not have\.'],
    ['an unknown permission beside a known one', [perms('read', 'delete')],
     'names a permission this site does not have\.'],
    ['a name that differs in case', [perms('Read')],
     'names a permission this site does not have\.'],
    ['the same permission twice', [perms('read', 'write', 'read')],
     'names the permission read more than once\.'],
    ['the field name in capitals, the same permission twice',
     ['PERMISSIONS' => 'write', permissions => 'write'],
     'names the permission write more than once\.'],
    ['33 permissions', [perms(('read', 'write') x 16, 'read')],
     'was sent more than 32 times\.'],
    # one-letter names: 1,000 of them still fit the form's 16 KB (1,000
    # times "permissions=read" would be refused as too large, 413)
    ['1,000 names', [perms(('r') x 1000)], 'was sent more than 32 times\.'],
);
for my $case (@tampered) {
    my ($what, $fields, $reason) = @$case;
    $n = token_count($user);
    $from = length error_log_since(0);
    $r = create($base, 'tampered', @$fields);
    is $r->code, 400, "$what: 400";
    like $r->content, qr/The form field &quot;permissions&quot; $reason/,
        '... naming the field and the reason';
    is token_count($user), $n, '... nothing written';
    (my $logged = $reason) =~ s/\\\././g;
    my @lines = admin_log_lines($from, qr/bad form from user $user/);
    is scalar(@lines), 1, '... one log line';
    like $lines[0] // '', qr/^pat-admin: bad form from user $user: The form field \\"permissions\\" \Q$logged\E$/,
        '... naming the reason';
}
$r = edit($base, $ro, 'tampered edit', perms('read', 'admin'));
is $r->code, 400, 'an edit with an unknown permission: 400';
is stored_permissions($ro), 'read', '... nothing written';
is((sql("SELECT name FROM pat_tokens WHERE id = $ro"))[0], 'read only',
   '... not even the name');

# --- the list ---------------------------------------------------------------
my $html = admin_get($user, $base)->content;
like $html,
    qr{<th>Description</th><th>Permissions</th><th>Expiration Date</th>},
    'the list has a Permissions column';
like $html,
    qr{<tr data-id="$full">[^\n]*<td class="permissions">Read data, Create and change data</td>},
    '... a token not narrowed shows every label';
like $html, qr{<tr data-id="$ro">[^\n]*<td class="permissions">Read data</td>},
    '... read only: "Read data"';
like $html,
    qr{<tr data-id="$wo">[^\n]*<td class="permissions">Create and change data</td>},
    '... write only: "Create and change data"';
unlike admin_get($user, $plain)->content, qr/permission/i,
    'the same tokens on the site without permissions: no column';

# --- Edit ---------------------------------------------------------------------
is ticked(admin_get($user, "$base/$ro/edit")->content), 'read',
    'the edit page ticks what the token carries';
is ticked(admin_get($user, "$base/$full/edit")->content), 'read write',
    '... every permission for a token not narrowed';
$r = edit($base, $full, 'full rights', perms('write'));
is $r->code, 303, 'edit: unticking read saves';
is stored_permissions($full), 'write', '... and narrows the token';
$r = edit($base, $full, 'full rights', perms('read', 'write'));
is $r->code, 303, 'edit: ticking both saves';
is stored_permissions($full), 'read write',
    '... and widens it to both by name: a narrowed token stays narrowed '
    . '(no permission the site adds later)';
create($base, 'never narrowed', perms('read', 'write'));
my $never = last_id();
is stored_permissions($never), '(sql null)', 'a token created with both ticked: NULL';
$r = edit($base, $never, 'never narrowed, renamed', perms('read', 'write'));
is $r->code, 303, '... renamed with both still ticked';
is stored_permissions($never), '(sql null)', '... stays NULL (not narrowed)';
$r = edit($base, $full, 'full rights');
is $r->code, 400, 'edit with none ticked: 400';
like $r->content, qr/Permissions - Select at least one permission\./,
    '... with the field error';
is ticked($r->content), '', '... shown again with none ticked';
is stored_permissions($full), 'read write', '... nothing written';

# an expired token: an edit gives it a new date (as without permissions)
sql("UPDATE pat_tokens SET expires_on = '2020-01-01' WHERE id = $ro");
is ticked(admin_get($user, "$base/$ro/edit")->content), 'read',
    'an expired token: the edit page ticks its permissions';
$r = edit($base, $ro, 'read only', perms('read', 'write'));
is $r->code, 303, '... widening it saves';
is stored_permissions($ro), 'read write', '... "read write"';
sql("UPDATE pat_tokens SET expires_on = '2020-01-01' WHERE id = $ro");
$r = edit($base, $ro, 'read only', perms('write'));
is $r->code, 303, 'an expired token: narrowing it saves';
is stored_permissions($ro), 'write', '... "write"';

# --- the Copy your token dialog is the same as without permissions -----------
sub copy_dialog {
    my ($res) = @_;
    my ($d) = $res->content =~ m{(<dialog id="copy-dialog".*?</dialog>)}s;
    return '' unless defined $d;
    $d =~ s/pat_[0-9A-Za-z]{36}/TOKEN/g;
    $d =~ s{/perm/profile/tokens|/profile/tokens}{BASE}g;
    return $d;
}
my $with = copy_dialog(create($base, 'copy with', perms('read')));
like $with, qr/id="token" value="TOKEN"/, 'the Copy your token dialog shows the token';
is $with, copy_dialog(create($plain, 'copy without')),
    '... and is the same as on a site without permissions';

# --- a permissions file the test writes ----------------------------------------
write_file(qq{# comment\nread   Read <data> & "more"\nwrite  Write\n});
$r = admin_get($user, "$fbase/new");
like $r->content,
    qr{<label for="perm-read">Read &lt;data&gt; &amp; &quot;more&quot;</label>},
    'a label is HTML-escaped in the form';
like admin_get($user, $fbase)->content,
    qr{<td class="permissions">Read &lt;data&gt; &amp; &quot;more&quot;, Write</td>},
    '... and in the list';

# 32 permissions, the most a site may define: all of them fit the form
write_file(join '', map { sprintf "p%02d Permission %d\n", $_, $_ } 1 .. 32);
$r = create($fbase, 'thirty-two', perms(map { sprintf 'p%02d', $_ } 1 .. 32));
is $r->code, 200, '32 permissions, all ticked: created';
is stored_permissions(last_id()), '(sql null)', '... NULL';
$r = create($fbase, 'thirty-one', perms(map { sprintf 'p%02d', $_ } 1 .. 31));
is $r->code, 200, '31 of 32 ticked: created';
is stored_permissions(last_id()), join(' ', map { sprintf 'p%02d', $_ } 1 .. 31),
    '... the 31 names';

write_file("# no permissions yet\n");
unlike admin_get($user, "$fbase/new")->content, qr/permission/i,
    'a PermissionsFile that defines none: no Permissions group';
$r = create($fbase, 'none defined');
is $r->code, 200, '... a create';
is stored_permissions(last_id()), '(sql null)', '... stores NULL';

write_file("read Read data\n\nBad-Name A label\n");
$from = length error_log_since(0);
$r = admin_get($user, $fbase);
is $r->code, 500, 'a malformed PermissionsFile: 500';
like $r->content, qr/The token pages are not configured/,
    '... saying the pages are not configured';
my @lines = admin_log_lines($from, qr/pat-admin: configuration/);
is scalar(@lines), 1, '... one line in the error log';
like $lines[0] // '', qr{PermissionsFile: \Q$file\E line 3: a permission name is},
    '... naming the file and its line';
$n = token_count($user);
$v = form_values(admin_get($user, $base));
$r = admin_post($user, $fbase, [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'broken site',
    description => '', expires => $v->{expires}, perms('read')]);
is $r->code, 500, '... a create is refused too';
is token_count($user), $n, '... nothing written';

unlink $file or die "$file: $!";
$from = length error_log_since(0);
$r = admin_get($user, $fbase);
is $r->code, 500, 'a PermissionsFile that is not there: 500';
@lines = admin_log_lines($from, qr/pat-admin: configuration/);
is scalar(@lines), 1, '... one line in the error log';
like $lines[0] // '', qr{PermissionsFile: cannot open \Q$file\E},
    '... naming the file';

# a relative PermissionsFile is refused: a CGI runs in the script's
# directory, not where admin.conf is (run as httpd would run it)
{
    my $conf = "$file.admin.conf";
    open my $fh, '>', $conf or die "$conf: $!";
    print $fh "DBDParams sock=/nonexistent,user=root,dbname=pat\n"
        . "CSRFSecret " . ('0123456789abcdef' x 3) . "\n"
        . "PermissionsFile permissions.conf\n";
    close $fh or die "$conf: $!";
    local %ENV = (%ENV, PAT_ADMIN_CONFIG => $conf, REQUEST_METHOD => 'GET',
                  REMOTE_USER => $user, SCRIPT_NAME => '/x',
                  GATEWAY_INTERFACE => 'CGI/1.1');
    my $out = `$ENV{PAT_ADMIN_CGI} 2>&1`;
    like $out, qr/^Status: 500 /m, 'a relative PermissionsFile: 500';
    like $out, qr{\Q$conf\E:3: PermissionsFile: needs an absolute path},
        '... and the log line names the file, its line and the rule';
    unlink $conf;
}

# a form made without the Permissions group (a script that knows only the
# product page's fields, written before the site had permissions): Create
# gives a token that is not narrowed, Edit leaves the permissions alone
{
    local @shown = ();
    my $r = create($base, 'scripted');
    is $r->code, 200, 'a create form without the group: 200 (created)';
    my $id = last_id();
    is stored_permissions($id), '(sql null)', '... not narrowed (NULL)';
    sql("UPDATE pat_tokens SET permissions = 'read' WHERE id = $id");
    $r = edit($base, $id, 'scripted, renamed');
    is $r->code, 303, 'an edit form without the group saves';
    is stored_permissions($id), 'read', '... and leaves the permissions as they were';
    $r = edit($base, $id, 'scripted, narrowed', perms('write'));
    is $r->code, 303, 'with a permissions value but no group: saves';
    is stored_permissions($id), 'write', '... the value counts';
}
