// The face check (人证核验) step: the camera's preview with the detected face box, and the daemon's plain
// instruction ("move closer", "blink") as it goes. The daemon decides; the screen only follows its events.
import { setBi, t } from '../i18n.js';
import { $, onScreen, state } from '../kiosk.js';

const PREVIEW_URL = '/api/v1/camera/preview.mjpg';

export function showFace() {
  setBi($('face-instruction'), t('face.starting'));
  $('face-box').hidden = true;
  $('face-preview').src = PREVIEW_URL;
}

// A `face` event: {code, message_zh, message_en, box: {x, y, w, h} (0–1 of the frame) or null}.
export function faceProgress(data) {
  if (state.screen !== 'face') return;
  setBi($('face-instruction'), { zh: data.message_zh, en: data.message_en });
  const box = $('face-box');
  box.hidden = !data.box;
  if (!data.box) return;
  // The preview is mirrored, as citizens expect of a camera facing them.
  box.style.left = `${(1 - data.box.x - data.box.w) * 100}%`;
  box.style.top = `${data.box.y * 100}%`;
  box.style.width = `${data.box.w * 100}%`;
  box.style.height = `${data.box.h * 100}%`;
}

export function bindFace() {
  // Leaving the step closes the preview stream, so the camera's picture is only ever on this screen.
  onScreen((name) => {
    if (name !== 'face' && $('face-preview').hasAttribute('src')) $('face-preview').removeAttribute('src');
  });
}
