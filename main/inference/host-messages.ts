// What the person at the workstation reads when the inference host fails: what happened, what to do,
// and that their saved work is safe.

const NOT_LOST = 'Nothing you saved is lost.';

export interface RestartLimit {
  max: number;
  windowMs: number;
}

function limitText(limit: RestartLimit): string {
  return `${limit.max + 1} times within ${limit.windowMs / 1000} s`;
}

export function crashedMessage(label: string, reason: string, restarted: boolean, limit: RestartLimit): string {
  const what = `The inference host stopped while running ${label} (${reason}).`;
  return restarted
    ? `${what} It has been restarted; run the step again. ${NOT_LOST}`
    : `${what} It stopped ${limitText(limit)}, so it was not restarted: the model file may be damaged or unsupported. ` +
        `Check it, or install it again, then retry. ${NOT_LOST}`;
}

export function gaveUpMessage(lastCrash: string | null, limit: RestartLimit): string {
  return (
    `The inference host stopped ${limitText(limit)} and was not restarted again (last: ${lastCrash ?? 'unknown'}). ` +
    `The model file may be damaged or unsupported: check it, or install it again, then retry. ${NOT_LOST}`
  );
}

export function cancelledMessage(label: string, why = ''): string {
  return `${label.charAt(0).toUpperCase()}${label.slice(1)} was cancelled${why ? `: ${why}` : ''}.`;
}
