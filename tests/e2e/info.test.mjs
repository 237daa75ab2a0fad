// Hall information on the shipped hall's real calendar, on a day that has it all: 2026-10-05, a Monday of the
// National Day holiday, with two more holiday days, a weekday, a make-up Saturday and a Sunday in the week
// ahead (yicid's clock set there with libfaketime).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { clippedElements, openKiosk, outputDir, shown, startKiosk } from './harness.mjs';

const shots = outputDir('screenshots');
let kiosk;
before(async () => { kiosk = await startKiosk({ hall: 'yongjia-real', faketime: '@2026-10-05 10:00:00' }); });
after(async () => { await kiosk?.close(); });

for (const [variant, size] of [['zh', { width: 1080, height: 1920 }], ['en', { width: 1080, height: 1920 }],
  ['elder', { width: 1080, height: 1920 }], ['zh', { width: 1920, height: 1080 }]]) {
  const orientation = size.width > size.height ? 'landscape' : 'portrait';
  test(`today's holiday, the week's hours and the weekend windows, ${variant}, ${orientation}`, async () => {
    const { page, errors, close } = await openKiosk(kiosk, size);
    if (variant === 'en') await page.click('[data-testid="lang-toggle"]');
    if (variant === 'elder') await page.click('[data-testid="elder-toggle"]');
    await page.click('[data-testid="start-info"]');
    await shown(page, 'info');
    await page.screenshot({ path: join(shots, `info-week-${variant}-${orientation}.png`) });
    assert.deepEqual(await clippedElements(page), [], `${variant}, ${orientation}: cut off`);
    assert.match(await page.textContent('[data-testid="info-today"]'), /今天 10月5日 是法定节假日，大厅休息/);
    if (variant !== 'zh' || orientation !== 'portrait') return close();
    // Real estate: windows 4 and 5 open at weekends, 6 and 7 on weekdays only; all closed today.
    while (!(await page.isVisible('[data-testid="info-real_estate"]'))) await page.click('[data-testid="info-pager-next"]');
    const estate = await page.textContent('[data-testid="info-real_estate"]');
    assert.match(estate, /一楼B区 4\/5 号窗口/);
    assert.match(estate, /一楼B区 6\/7 号窗口/);
    assert.match(estate, /6\/7 号窗口 · 今天 休息/);
    assert.match(estate, /10月6日（节假日） 休息/);
    assert.match(estate, /10月10日（调休上班） 08:30–12:00、13:30–17:00/);
    const [weekend, weekdaysOnly] = await page.locator('[data-testid="info-real_estate"] .info-week').allTextContents();
    assert.match(weekend, /周四至周五 08:30–12:00、13:30–17:00 · 10月10日（调休上班） 08:30–12:00、13:30–17:00 · 周日 09:00–12:00、13:30–16:30/);
    assert.match(weekdaysOnly, /周日 休息/);
    assert.deepEqual(errors, []);
    return close();
  });
}
