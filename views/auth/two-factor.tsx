import { encode } from 'uqr';
import { ErrorSummary, TextField, type FormState } from '../components/form.js';
import { fieldValue } from '../../src/lib/forms.js';
import { useUi } from '../ui.js';

/** A QR code as inline SVG (presentation attributes only, so the strict CSP allows it). */
export function QrCode(props: { text: string; label: string }) {
  const qr = encode(props.text, { ecc: 'M', border: 2 });
  let path = '';
  qr.data.forEach((row, y) => row.forEach((dark, x) => dark && (path += `M${x},${y}h1v1h-1z`)));
  return (
    <svg class="qr-code" viewBox={`0 0 ${qr.size} ${qr.size}`} width="200" height="200" role="img" aria-label={props.label} shape-rendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/** The second step of signing in: a code from the authenticator, or a recovery code. */
export function TwoFactorSignInPage(props: { form: FormState; message?: string }) {
  const { t } = useUi();
  return (
    <section class="auth-card">
      <h1>{t('twoFactor.signInTitle')}</h1>
      <p class="muted">{t('twoFactor.signInIntro')}</p>
      {props.message && (
        <p class="form-message" role="alert">
          {props.message}
        </p>
      )}
      <ErrorSummary form={props.form} labels={{ code: 'twoFactor.codeOrRecovery' }} />
      <form method="post" action="/login/two-factor" hx-boost="false" novalidate>
        <input type="hidden" name="next" value={fieldValue(props.form.values, 'next')} />
        <TextField name="code" label="twoFactor.codeOrRecovery" form={{ ...props.form, values: {} }} required autocomplete="one-time-code" hint="twoFactor.recoveryHint" maxLength={40} />
        <button type="submit" class="primary wide">
          {t('twoFactor.verify')}
        </button>
      </form>
      <p>
        <a href="/login">{t('twoFactor.startAgain')}</a>
      </p>
    </section>
  );
}

export interface TwoFactorPageData {
  enabled: boolean;
  required: boolean;
  demoExempt: boolean;
  recoveryCodesLeft: number;
  /** while enrolling: the key and the otpauth:// URI to show */
  enrolment?: { secret: string; uri: string };
}

/** The account's two-factor page: set it up (QR code, key, first code), or manage it once it is on. */
export function TwoFactorPage(props: { data: TwoFactorPageData; form: FormState }) {
  const { t, user } = useUi();
  const { data, form } = props;
  const grouped = data.enrolment?.secret.match(/.{1,4}/g)?.join(' ') ?? '';
  return (
    <section class="stack narrow">
      <h1>{t('twoFactor.title')}</h1>
      {user?.mustEnrolTwoFactor && (
        <p class="notice" role="status">
          {t('twoFactor.mustEnrol')}
        </p>
      )}
      <p class="muted">{t('twoFactor.intro')}</p>
      {data.demoExempt && <p class="muted small">{t('twoFactor.demoExempt')}</p>}
      {/* The summary links to the code field of the form that was sent. */}
      <ErrorSummary form={{ errors: form.errors, idPrefix: data.enrolment ? '' : `${fieldValue(form.values, 'action')}-` }} labels={{ code: 'twoFactor.code' }} />
      {data.enrolment ? (
        <form method="post" action="/account/two-factor" class="panel stack" novalidate>
          <input type="hidden" name="action" value="enable" />
          <p>{t('twoFactor.off')}</p>
          <p>{t('twoFactor.step1')}</p>
          <QrCode text={data.enrolment.uri} label={t('twoFactor.qrAlt')} />
          <dl class="facts">
            <dt>{t('twoFactor.secret')}</dt>
            <dd>
              <code class="break">{grouped}</code>
            </dd>
            <dt>{t('twoFactor.uri')}</dt>
            <dd>
              <code class="break small">{data.enrolment.uri}</code>
            </dd>
          </dl>
          <p>{t('twoFactor.step2')}</p>
          <TextField name="code" label="twoFactor.code" form={{ ...form, values: {} }} required autocomplete="one-time-code" inputMode="numeric" maxLength={6} />
          <button type="submit" class="primary">
            {t('twoFactor.enable')}
          </button>
        </form>
      ) : (
        <>
          <p role="status">{t('twoFactor.on')}</p>
          <p class="muted">{t('twoFactor.codesLeft', { count: data.recoveryCodesLeft })}</p>
          <form method="post" action="/account/two-factor" class="panel" novalidate>
            <h2>{t('twoFactor.newCodes')}</h2>
            <input type="hidden" name="action" value="recovery" />
            <TextField name="code" label="twoFactor.code" form={{ errors: fieldValue(form.values, 'action') === 'recovery' ? form.errors : {}, idPrefix: 'recovery-' }} required autocomplete="one-time-code" inputMode="numeric" hint="twoFactor.newCodesHint" maxLength={6} />
            <button type="submit">{t('twoFactor.newCodes')}</button>
          </form>
          {!data.required && (
            <form method="post" action="/account/two-factor" class="panel" novalidate>
              <h2>{t('twoFactor.disable')}</h2>
              <input type="hidden" name="action" value="disable" />
              <TextField name="code" label="twoFactor.codeOrRecovery" form={{ errors: fieldValue(form.values, 'action') === 'disable' ? form.errors : {}, idPrefix: 'disable-' }} required autocomplete="one-time-code" hint="twoFactor.disableHint" maxLength={40} />
              <button type="submit" class="danger">
                {t('twoFactor.disable')}
              </button>
            </form>
          )}
        </>
      )}
      {!user?.mustEnrolTwoFactor && (
        <p>
          <a href="/account">{t('nav.account')}</a>
        </p>
      )}
    </section>
  );
}

/** The recovery codes, shown once after they were made. */
export function RecoveryCodesPage(props: { codes: string[]; next: string }) {
  const { t } = useUi();
  return (
    <section class="stack narrow">
      <h1>{t('twoFactor.codesTitle')}</h1>
      <p>{t('twoFactor.codesIntro')}</p>
      <ul class="panel recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button primary" href={props.next}>
          {t('twoFactor.continue')}
        </a>
      </p>
    </section>
  );
}
