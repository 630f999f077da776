import { fieldValue } from '../../src/lib/forms.js';
import { ErrorSummary, RadioField, TextField, type FormState } from '../components/form.js';
import { useUi } from '../ui.js';

export function ScoringPage(props: { form: FormState }) {
  const { t } = useUi();
  const { form } = props;
  return (
    <section class="stack narrow">
      <h1>{t('scoring.title')}</h1>
      <p class="muted">{t('scoring.intro')}</p>
      <ErrorSummary
        form={form}
        labels={{ method: 'scoring.defaultMethod', matrixRed: 'scoring.redFrom', matrixOrange: 'scoring.orangeFrom', matrixYellow: 'scoring.yellowFrom', lecRed: 'scoring.redFrom', lecOrange: 'scoring.orangeFrom', lecYellow: 'scoring.yellowFrom', verifyOverdueDays: 'scoring.verifyOverdueDays', reviewRed: 'scoring.reviewRed', reviewOrange: 'scoring.reviewOrange', reviewYellow: 'scoring.reviewYellow', reviewBlue: 'scoring.reviewBlue' }}
      />
      <form method="post" action="/admin/scoring" novalidate class="record-form">
        <RadioField name="method" label="scoring.defaultMethod" form={form} options={(['matrix', 'lec'] as const).map((m) => ({ value: m, label: t(`scoring.${m}`) }))} />
        <h2>{t('scoring.matrix')}</h2>
        <p class="muted small">{t('scoring.matrixHint')}</p>
        <div class="grid-3">
          <TextField name="matrixRed" label="scoring.redFrom" form={form} inputMode="decimal" required />
          <TextField name="matrixOrange" label="scoring.orangeFrom" form={form} inputMode="decimal" required />
          <TextField name="matrixYellow" label="scoring.yellowFrom" form={form} inputMode="decimal" required />
        </div>
        <h2>{t('scoring.lec')}</h2>
        <p class="muted small">{t('scoring.lecHint')}</p>
        <div class="grid-3">
          <TextField name="lecRed" label="scoring.redFrom" form={form} inputMode="decimal" required />
          <TextField name="lecOrange" label="scoring.orangeFrom" form={form} inputMode="decimal" required />
          <TextField name="lecYellow" label="scoring.yellowFrom" form={form} inputMode="decimal" required />
        </div>
        <label class="check">
          <input type="checkbox" name="lecRedExclusive" checked={fieldValue(form.values, 'lecRedExclusive') === 'on'} /> {t('scoring.redExclusive')}
        </label>
        <p class="muted small">{t('scoring.blueBelow')}</p>
        <h2>{t('scoring.verification')}</h2>
        <TextField name="verifyOverdueDays" label="scoring.verifyOverdueDays" form={form} inputMode="numeric" required hint="scoring.verifyOverdueHint" />
        <h2>{t('scoring.riskReview')}</h2>
        <p class="muted small">{t('scoring.riskReviewHint')}</p>
        <div class="grid-2">
          <TextField name="reviewRed" label="scoring.reviewRed" form={form} inputMode="numeric" required />
          <TextField name="reviewOrange" label="scoring.reviewOrange" form={form} inputMode="numeric" required />
          <TextField name="reviewYellow" label="scoring.reviewYellow" form={form} inputMode="numeric" required />
          <TextField name="reviewBlue" label="scoring.reviewBlue" form={form} inputMode="numeric" required />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
