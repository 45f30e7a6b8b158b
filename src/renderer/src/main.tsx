import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

function Placeholder(): React.JSX.Element {
  return (
    <main>
      <h1>FastPix Live Monitor</h1>
      <p>The dashboard is on its way. Meanwhile the JSON API of `serve` shows the live picture.</p>
    </main>
  )
}

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <Placeholder />
    </StrictMode>,
  )
