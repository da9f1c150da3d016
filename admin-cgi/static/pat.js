/* Token pages: real dialogs and the copy button.  Every page also works
 * without JavaScript (the links lead to pages with the same forms). */
'use strict';

document.addEventListener('DOMContentLoaded', function () {
    var createLink = document.getElementById('create-new');
    var createDialog = document.getElementById('create-dialog');
    var deleteDialog = document.getElementById('delete-dialog');
    var regenerateDialog = document.getElementById('regenerate-dialog');
    var copyDialog = document.getElementById('copy-dialog');
    var copyButton = document.getElementById('copy-button');

    /* A form is sent once: a double click must not send it twice. */
    document.querySelectorAll('form').forEach(function (form) {
        form.addEventListener('submit', function () {
            form.querySelectorAll('button[type=submit]').forEach(function (b) {
                setTimeout(function () { b.disabled = true; }, 0);
            });
        });
    });

    if (createLink && createDialog && createDialog.showModal) {
        createLink.addEventListener('click', function (e) {
            e.preventDefault();
            createDialog.showModal();
            createDialog.querySelector('input[name=name]').focus();
        });
        createDialog.querySelector('.cancel').addEventListener('click',
            function (e) {
                e.preventDefault();
                createDialog.close();
            });
    }

    if (deleteDialog && deleteDialog.showModal) {
        document.querySelectorAll('a.delete').forEach(function (link) {
            link.addEventListener('click', function (e) {
                e.preventDefault();
                var form = document.getElementById('delete-form');
                form.action = link.href;
                form.elements.id.value = link.closest('tr').dataset.id;
                document.getElementById('delete-name').textContent =
                    link.dataset.name;
                deleteDialog.showModal();
            });
        });
        document.getElementById('delete-cancel').addEventListener('click',
            function () { deleteDialog.close(); });
    }

    /* like Delete: the form posts to the token's own /ID/regenerate */
    if (regenerateDialog && regenerateDialog.showModal) {
        document.querySelectorAll('a.regenerate').forEach(function (link) {
            link.addEventListener('click', function (e) {
                e.preventDefault();
                var form = document.getElementById('regenerate-form');
                form.action = link.href;
                form.elements.id.value = link.closest('tr').dataset.id;
                document.getElementById('regenerate-name').textContent =
                    link.dataset.name;
                regenerateDialog.showModal();
            });
        });
        document.getElementById('regenerate-cancel').addEventListener(
            'click', function () { regenerateDialog.close(); });
    }

    if (copyDialog && copyDialog.showModal) {
        /* shown open without JavaScript; made modal here */
        copyDialog.close();
        copyDialog.showModal();
        /* Escape leaves the dialog the way Close does: back to the list,
         * so that a reload cannot resubmit the create (or regenerate)
         * form */
        copyDialog.addEventListener('cancel', function (e) {
            e.preventDefault();
            window.location.assign(
                document.getElementById('copy-close').href);
        });
    }

    if (copyButton) {
        copyButton.hidden = false;
        copyButton.addEventListener('click', function () {
            var input = document.getElementById('token');
            var status = document.getElementById('copy-status');
            var done = function () {
                status.textContent =
                    'You have copied token to your clipboard.';
            };
            var fallback = function () {
                /* navigator.clipboard exists only in secure contexts */
                input.focus();
                input.select();
                var ok = false;
                try { ok = document.execCommand('copy'); } catch (e) { }
                if (ok) {
                    done();
                } else {
                    status.textContent =
                        'Copying failed: select the token and copy it.';
                }
            };
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(input.value).then(done,
                                                                fallback);
            } else {
                fallback();
            }
        });
    }
});
