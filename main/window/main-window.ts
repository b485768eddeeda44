import { BrowserWindow } from 'electron';
import { APP_INDEX } from './app-protocol';
import { secureWebPreferences } from './web-preferences';

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1600,
    height: 1000,
    minWidth: 1024,
    minHeight: 700,
    title: 'MaskCue',
    backgroundColor: '#0b0d10',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_INDEX);
  return window;
}
