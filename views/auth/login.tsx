import { ErrorSummary, TextField, type FormState } from '../components/form.js';
import { fieldValue } from '../../src/lib/forms.js';
import { useT } from '../ui.js';

export function LoginPage(props: { form: FormState; message?: string }) {
  const t = useT();
  return (
    <section class="auth-card">
      <h1>{t('auth.signIn')}</h1>
      <p class="muted">{t('auth.intro')}</p>
      {props.message && (
        <p class="form-message" role="alert">
          {props.message}
        </p>
      )}
      <ErrorSummary form={props.form} labels={{ username: 'auth.username', password: 'auth.password' }} />
      <form method="post" action="/login" hx-boost="false" novalidate>
        <input type="hidden" name="next" value={fieldValue(props.form.values, 'next')} />
        <TextField name="username" label="auth.username" form={props.form} required autocomplete="username" />
        <TextField name="password" label="auth.password" form={props.form} type="password" required autocomplete="current-password" />
        <button type="submit" class="primary wide">
          {t('auth.signIn')}
        </button>
      </form>
    </section>
  );
}
