// Entry of the web UI: mounts the app. Everything it shows comes from the REST API.
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

render(<App />, document.getElementById('app')!);
