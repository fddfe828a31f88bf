// The case page's and staff settings' forms import it by this name; the field itself is the kit's.
export { FormRow as StaffField } from '../_ui/form-row';
