// Settings → Staff imports it by this name; the table itself is the kit's.
export { DataTable as AdminTable } from '../../_ui/data-table';
