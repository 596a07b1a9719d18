// The signals demo against the local backend: a folder's files listed, a file's URL shown.
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { StorageService } from 'ngx-amplify-storage';
import { lastValueFrom } from 'rxjs';
import { provideLocalBackend } from '../local-backend';
import { karmaBackend, until } from './feature-spec-support';
import { SignalsDemo } from './signals-demo';

describe('SignalsDemo on the local backend', () => {
  let fixture: ComponentFixture<SignalsDemo>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideLocalBackend(karmaBackend())],
    });
    fixture = TestBed.createComponent(SignalsDemo);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  it('lists the folder typed in, and links the file chosen with a working URL', async () => {
    const folder = `signals-demo-${Date.now().toString(36)}/`;
    await lastValueFrom(TestBed.inject(StorageService).put(`${folder}hello.txt`, 'hello'));
    const path = page.querySelector<HTMLInputElement>('.signals-path')!;
    path.value = folder;
    path.dispatchEvent(new Event('change'));

    await until(fixture, 'the file listed', () => page.querySelector('.signals-file') !== null);
    const file = page.querySelector<HTMLButtonElement>('.signals-file')!;
    expect(file.textContent?.trim()).toBe(`${folder}hello.txt`);
    file.click();

    await until(fixture, 'the link', () => page.querySelector('.signals-url a') !== null);
    const href = page.querySelector<HTMLAnchorElement>('.signals-url a')!.href;
    expect(await (await fetch(href)).text()).toBe('hello');
  });
});
