import Link from 'next/link';

// Outside any language (e.g. /nothing-here): English with links to each language.
export default function NotFound() {
  return (
    <html lang="en">
      <body>
        <main className="mx-auto max-w-lg p-6">
          <h1 className="text-2xl font-semibold">Page not found</h1>
          <p className="mt-2">
            Look up your order: <Link href="/fi">Suomeksi</Link> · <Link href="/sv">På svenska</Link> · <Link href="/en">In English</Link>
          </p>
        </main>
      </body>
    </html>
  );
}
