// Settings → Staff imports it from here; the dialog itself is the kit's.
export { ConfirmButton } from '../../_ui/confirm-dialog';
