// Keyboard first: 0–5 pick the score, y / x usable, n / p next / previous, r the disagreement reason (after a
// reveal), Ctrl+Enter submits the form being filled in (the review unless focus is in another), ? shows the keys.
document.addEventListener('keydown', (event) => {
  const form = document.getElementById('review');
  const typing = event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement && event.target.type === 'text';
  const focused = document.activeElement && document.activeElement.closest('form');
  if ((focused || form) && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    (focused || form).requestSubmit();
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const pick = (name, value) => {
    const input = form && form.querySelector(`input[name="${name}"][value="${value}"]`);
    if (input) input.checked = true;
  };
  if (/^[0-5]$/.test(event.key)) pick('score', event.key);
  else if (event.key === 'y') pick('usable', '1');
  else if (event.key === 'x') pick('usable', '0');
  else if (event.key === 'n' || event.key === 'p') {
    const link = document.getElementById(event.key === 'n' ? 'next' : 'previous');
    if (link) window.location.href = link.getAttribute('href');
  } else if (event.key === 'r') {
    const first = document.querySelector('#reason input[name="reason"]');
    if (first) {
      event.preventDefault();
      first.focus();
    }
  } else if (event.key === '?') alert('0–5 score · y/x usable · n/p next/previous · r reason (after a reveal) · Ctrl+Enter submit');
});
