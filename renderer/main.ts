import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/theme.css';
import './app/viewer.css';
import './app/studies.css';
import './app/segmentation.css';
import './app/fewshot.css';
import './app/report.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
mount(App, { target });
