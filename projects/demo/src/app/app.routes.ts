import { Routes } from '@angular/router';

/**
 * The demo's pages, each loaded when first opened. Each route with a `title` gets a link in the
 * header, in this order. The storage browser's page takes the empty path, first in the list:
 * `{ path: '', title: 'Storage browser', loadComponent: () => import('./pages/browser-page').then(m => m.BrowserPage) },`
 * which makes the redirect below unreachable.
 */
export const routes: Routes = [
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
  { path: '', pathMatch: 'full', redirectTo: 'components' },
  { path: '**', redirectTo: '' },
];
