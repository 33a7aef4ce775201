/** Saves text as a file in the browser (Blob + object URL + a temporary link). */
export function downloadFile(
  content: string,
  fileName: string,
  type = 'text/csv;charset=utf-8',
) {
  const blob = new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
