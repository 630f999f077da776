import type { UserRow } from '../../src/admin/types.js';
import { fieldValue } from '../../src/lib/forms.js';
import { ErrorSummary, SelectField, TextField, type FormState, type Option } from '../components/form.js';
import { useUi } from '../ui.js';


export function UserFormPage(props: { form: FormState; options: Record<'role' | 'schoolId' | 'departmentId', Option[]>; record?: UserRow; twoFactor?: boolean }) {
  const { t } = useUi();
  const { form, record } = props;
  const action = record ? `/admin/users/${record.id}` : '/admin/users';
  // The reset form shows its own error; the main form shows the rest.
  const mainForm: FormState = { values: form.values, errors: Object.fromEntries(Object.entries(form.errors ?? {}).filter(([k]) => !record || k !== 'password')) };
  return (
    <section class="stack narrow">
      <p class="crumbs">
        <a href="/admin/users">← {t('action.backToList')}</a>
      </p>
      <h1>{t(record ? 'user.edit' : 'user.new')}</h1>
      {record && !record.active && <p class="notice">{t('status.inactiveNotice')}</p>}
      {record?.mustChangePassword && <p class="muted">{t('user.mustChangeNotice')}</p>}
      <ErrorSummary
        form={mainForm}
        labels={{ username: 'user.username', displayName: 'user.displayName', role: 'user.role', schoolId: 'user.school', departmentId: 'user.department', password: 'user.initialPassword' }}
      />
      <form method="post" action={action} novalidate class="record-form">
        {record ? (
          <>
            <input type="hidden" name="version" value={fieldValue(form.values, 'version')} />
            <p>
              <strong>{t('user.username')}:</strong> {record.username}
            </p>
          </>
        ) : (
          <TextField name="username" label="user.username" form={mainForm} required hint="user.usernameHint" autocomplete="off" />
        )}
        <TextField name="displayName" label="user.displayName" form={mainForm} required />
        <SelectField name="role" label="user.role" form={mainForm} required options={props.options.role} placeholder="form.choose" />
        <SelectField name="schoolId" label="user.school" form={mainForm} options={props.options.schoolId} placeholder="form.none" hint="user.schoolHint" />
        <SelectField name="departmentId" label="user.department" form={mainForm} options={props.options.departmentId} placeholder="form.none" hint="user.departmentHint" />
        <TextField name="phone" label="user.phone" form={mainForm} type="tel" inputMode="tel" />
        {!record && <TextField name="password" label="user.initialPassword" form={mainForm} type="password" required hint="user.initialPasswordHint" autocomplete="new-password" />}
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
          <a href="/admin/users">{t('action.cancel')}</a>
        </div>
      </form>
      {record && (
        <div class="stack">
          <form method="post" action={`/admin/users/${record.id}/reset-password`} class="panel" novalidate>
            <h2>{t('user.resetPassword')}</h2>
            <TextField name="password" label="user.temporaryPassword" form={{ errors: form.errors }} type="password" required hint="user.initialPasswordHint" autocomplete="new-password" />
            <button type="submit">{t('user.resetPassword')}</button>
          </form>
          <form method="post" action={`/admin/users/${record.id}/reset-two-factor`} class="panel">
            <h2>{t('twoFactor.title')}</h2>
            <p>{t(props.twoFactor ? 'twoFactor.on' : 'twoFactor.off')}</p>
            <p class="muted small">{t('user.resetTwoFactorHint')}</p>
            <button type="submit">{t('user.resetTwoFactor')}</button>
          </form>
          <div class="actions">
            <form method="post" action={`/admin/users/${record.id}/logout-everywhere`}>
              <button type="submit">{t('auth.signOutEverywhere')}</button>
            </form>
            <form method="post" action={`/admin/users/${record.id}/${record.active ? 'deactivate' : 'activate'}`}>
              <button type="submit" class={record.active ? 'danger' : ''}>
                {t(record.active ? 'action.deactivate' : 'action.activate')}
              </button>
            </form>
          </div>
        </div>
      )}
    </section>
  );
}
