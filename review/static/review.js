// Keyboard first: 0–5 pick the score, y / x usable, n / p next / previous, Ctrl+Enter submits, ? shows the keys.
document.addEventListener('keydown', (event) => {
  const form = document.getElementById('review');
  const typing = event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement && event.target.type === 'text';
  if (form && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
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
  } else if (event.key === '?') alert('0–5 score · y/x usable · n/p next/previous · Ctrl+Enter submit');
});
