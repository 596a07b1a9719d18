import { Routes } from '@angular/router';

/**
 * The demo's pages, each loaded when first opened. Each route with a `title` gets a link in the
 * header, in this order; the storage browser is the first page a visitor sees.
 */
export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Storage browser',
    loadComponent: () => import('./pages/browser-page').then((m) => m.BrowserPage),
  },
  {
    path: 'components',
    title: 'Components',
    loadComponent: () => import('./pages/components-page').then((m) => m.ComponentsPage),
  },
  {
    path: 'service',
    title: 'Service API',
    loadComponent: () => import('./pages/service-page').then((m) => m.ServicePage),
  },
  {
    path: 'angular',
    title: 'Angular',
    loadComponent: () => import('./pages/angular-page').then((m) => m.AngularPage),
  },
  { path: '**', redirectTo: '' },
];
