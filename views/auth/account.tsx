import { ErrorSummary, TextField, type FormState } from '../components/form.js';
import { MIN_PASSWORD_LENGTH } from '../../src/auth/password-rules.js';
import { useUi } from '../ui.js';

export function PasswordPage(props: { form: FormState }) {
  const { t, user } = useUi();
  return (
    <section class="auth-card">
      <h1>{t('password.title')}</h1>
      {user?.mustChangePassword && (
        <p class="notice" role="status">
          {t('password.mustChange')}
        </p>
      )}
      <p class="muted">{t('password.rules', { min: MIN_PASSWORD_LENGTH })}</p>
      <ErrorSummary form={props.form} labels={{ current: 'password.current', next: 'password.new', confirm: 'password.confirm' }} />
      <form method="post" action="/account/password" novalidate>
        <TextField name="current" label="password.current" form={props.form} type="password" required autocomplete="current-password" />
        <TextField name="next" label="password.new" form={props.form} type="password" required autocomplete="new-password" />
        <TextField name="confirm" label="password.confirm" form={props.form} type="password" required autocomplete="new-password" />
        <button type="submit" class="primary">
          {t('password.save')}
        </button>
      </form>
    </section>
  );
}

export function AccountPage(props: { twoFactorEnabled: boolean; mayUseCalendarFeed: boolean }) {
  const { t, user, locale } = useUi();
  if (!user) return null;
  return (
    <section class="stack">
      <h1>{t('nav.account')}</h1>
      <dl class="facts">
        <dt>{t('user.username')}</dt>
        <dd>{user.username}</dd>
        <dt>{t('user.displayName')}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t('user.role')}</dt>
        <dd>{t(`role.${user.role}`)}</dd>
        <dt>{t('user.locale')}</dt>
        <dd>{t(locale === 'en' ? 'lang.en' : 'lang.zh')}</dd>
        <dt>{t('twoFactor.title')}</dt>
        <dd>{t(props.twoFactorEnabled ? 'twoFactor.on' : 'twoFactor.off')}</dd>
      </dl>
      <div class="actions">
        <a class="button" href="/account/password">
          {t('password.title')}
        </a>
        <a class="button" href="/account/two-factor">
          {t('twoFactor.title')}
        </a>
        <form method="post" action="/account/logout-everywhere">
          <button type="submit" class="danger">
            {t('auth.signOutEverywhere')}
          </button>
        </form>
      </div>
      <p class="muted small">{t('auth.signOutEverywhereHint')}</p>
      {props.mayUseCalendarFeed && (
        <form method="post" action="/account/calendar-token" class="panel">
          <h2>{t('calendar.title')}</h2>
          <p class="muted small">{t('calendar.hint')}</p>
          <button type="submit">{t('calendar.issue')}</button>
        </form>
      )}
    </section>
  );
}
