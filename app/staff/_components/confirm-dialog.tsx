// The case page's forms import it from here; the dialog itself is the kit's.
export { ConfirmDialogContent } from '../_ui/confirm-dialog';
