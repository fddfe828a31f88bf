import type { ReactNode } from 'react';
import './globals.css';

// Each area (customer pages under [locale], staff desk) renders its own <html>.
export default function RootLayout({ children }: { children: ReactNode }) {
  return children;
}
