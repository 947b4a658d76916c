// The shell: skip link, navigation, the page for the current path, and the log-in gate.
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorBoundary } from './components/status';
import { ImagingPage } from './pages/imaging-page';
import { JobsPage } from './pages/jobs-page';
import { LoginPage } from './pages/login-page';
import { MoleculesPage } from './pages/molecules-page';
import { NotesPage } from './pages/notes-page';
import { PatientPage } from './pages/patient-page';
import { PatientsPage } from './pages/patients-page';
import { RecommendationsPage } from './pages/recommendations-page';
import { RiskPage } from './pages/risk-page';
import { Link, matchPath, navigate, useLocation, type Location } from './router';
import { useSession } from './session';

const NAV = [
  { to: '/patients', label: 'Patients' },
  { to: '/recommendations', label: 'Recommendations' },
  { to: '/risk', label: 'Risk' },
  { to: '/imaging', label: 'Imaging' },
  { to: '/notes', label: 'Notes' },
  { to: '/molecules', label: 'Molecules' },
  { to: '/jobs', label: 'Models & jobs' },
];

function pageFor(location: Location): { title: string; element: ReactNode } {
  const patient = matchPath('/patients/:id', location.path);
  if (patient) return { title: 'Patient', element: <PatientPage id={patient['id']} /> };
  switch (location.path) {
    case '/patients':
      return { title: 'Patients', element: <PatientsPage /> };
    case '/recommendations':
      return { title: 'Recommendations', element: <RecommendationsPage params={location.params} /> };
    case '/risk':
      return { title: 'Risk', element: <RiskPage params={location.params} /> };
    case '/imaging':
      return { title: 'Imaging', element: <ImagingPage /> };
    case '/notes':
      return { title: 'Notes', element: <NotesPage /> };
    case '/molecules':
      return { title: 'Molecules', element: <MoleculesPage /> };
    case '/jobs':
      return { title: 'Models & jobs', element: <JobsPage params={location.params} /> };
    default:
      return {
        title: 'Not found',
        element: (
          <section>
            <h1>Page not found</h1>
            <p>
              There is no page at <code>{location.path}</code>. <Link to="/patients">Go to the patients</Link>.
            </p>
          </section>
        ),
      };
  }
}

export function App() {
  const location = useLocation();
  const { key, logOut } = useSession();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    if (key && (location.path === '/' || location.path === '/login')) navigate('/patients', { replace: true });
  }, [key, location.path]);

  const page = key ? pageFor(location) : { title: 'Log in', element: <LoginPage /> };
  useEffect(() => {
    document.title = `${page.title} · pmed portal`;
  }, [page.title]);

  return (
    <>
      <a className="skip-link" href="#main" onClick={() => main.current?.focus()}>
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">pmed portal</span>
        {key ? (
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => {
                const active = location.path === item.to || location.path.startsWith(`${item.to}/`);
                return (
                  <li key={item.to}>
                    <Link to={item.to} aria-current={active ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
        {key ? (
          <button type="button" className="secondary" onClick={logOut}>
            Log out
          </button>
        ) : null}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <ErrorBoundary resetKey={location.path}>{page.element}</ErrorBoundary>
      </main>
      <footer className="footer">Synthetic demo data is marked as such. Decisions stay with the clinician.</footer>
    </>
  );
}
