import { runApp } from './app/main';

runApp();
