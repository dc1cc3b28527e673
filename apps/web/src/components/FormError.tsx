import { selectFormError, useAppStore } from "../store";
import type { FormName } from "../store/types";

/** The latest problem with this form: validation or the SDK's refusal. */
export function FormError({ form }: { form: FormName }) {
  const error = useAppStore(selectFormError);
  if (error?.form !== form) return null;
  return (
    <p role="alert" className="form-error">
      {error.message}
    </p>
  );
}
