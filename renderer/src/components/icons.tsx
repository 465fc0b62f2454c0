// Runs in: renderer.
// Inline SVG icons: no icon font, nothing fetched. Stroked in currentColor so they follow the
// text colour of whatever holds them; hidden from screen readers, which read the label instead.
import { useId, type JSX, type ReactNode } from 'react'

export interface IconProps {
  size?: number
}

function Icon({ size = 16, children }: IconProps & { children: ReactNode }): JSX.Element {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

export function ServersIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <rect x="3.5" y="4" width="17" height="7" rx="2" />
      <rect x="3.5" y="13" width="17" height="7" rx="2" />
      <path d="M7.5 7.5h.01M7.5 16.5h.01M11 7.5h5M11 16.5h5" />
    </Icon>
  )
}

export function AppsIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <rect x="4" y="4" width="7" height="7" rx="1.75" />
      <rect x="13" y="4" width="7" height="7" rx="1.75" />
      <rect x="4" y="13" width="7" height="7" rx="1.75" />
      <path d="M16.5 13.5v6M13.5 16.5h6" />
    </Icon>
  )
}

export function DatabasesIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <ellipse cx="12" cy="6" rx="7" ry="2.75" />
      <path d="M5 6v12c0 1.5 3.1 2.75 7 2.75s7-1.25 7-2.75V6" />
      <path d="M5 12c0 1.5 3.1 2.75 7 2.75s7-1.25 7-2.75" />
    </Icon>
  )
}

export function BackupsIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M4.5 12a7.5 7.5 0 1 0 2.2-5.3" />
      <path d="M4.5 4.5v3.75h3.75" />
      <path d="M12 8.5V12l2.5 1.75" />
    </Icon>
  )
}

export function MonitoringIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M3.5 12.5h3.5l2.25-5.5 4 11 2.25-5.5h5" />
    </Icon>
  )
}

export function TerminalsIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <rect x="3" y="4.5" width="18" height="15" rx="2.25" />
      <path d="M7 9.5l3 2.5-3 2.5M12.5 15H17" />
    </Icon>
  )
}

export function JobsIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M5 6.5h9M5 12h14M5 17.5h6" />
      <path d="M17 4.5l2 2-2 2" />
    </Icon>
  )
}

export function ContainersIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M12 3.5 19.5 7.5v9L12 20.5 4.5 16.5v-9z" />
      <path d="M4.5 7.5 12 11.5l7.5-4M12 11.5v9" />
    </Icon>
  )
}

export function ClustersIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <circle cx="12" cy="5.5" r="2.5" />
      <circle cx="5.5" cy="17.5" r="2.5" />
      <circle cx="18.5" cy="17.5" r="2.5" />
      <path d="M10.8 7.7 6.8 15.3M13.2 7.7l4 7.6M8 17.5h8" />
    </Icon>
  )
}

export function SunIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <circle cx="12" cy="12" r="3.75" />
      <path d="M12 2.75v2M12 19.25v2M2.75 12h2M19.25 12h2M5.5 5.5l1.4 1.4M17.1 17.1l1.4 1.4M5.5 18.5l1.4-1.4M17.1 6.9l1.4-1.4" />
    </Icon>
  )
}

export function MoonIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M19.5 14.25A7.75 7.75 0 0 1 9.75 4.5a7.75 7.75 0 1 0 9.75 9.75Z" />
    </Icon>
  )
}

export function SystemIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <rect x="3" y="4.5" width="18" height="12" rx="2" />
      <path d="M9 20h6M12 16.5V20" />
    </Icon>
  )
}

export function AlertIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <circle cx="12" cy="12" r="8.75" />
      <path d="M12 7.75v5M12 16.25h.01" />
    </Icon>
  )
}

export function InfoIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <circle cx="12" cy="12" r="8.75" />
      <path d="M12 11v5M12 7.75h.01" />
    </Icon>
  )
}

export function CloseIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M6.5 6.5l11 11M17.5 6.5l-11 11" />
    </Icon>
  )
}

export function CheckCircleIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <circle cx="12" cy="12" r="8.75" />
      <path d="M8.25 12.25l2.5 2.5 5-5.25" />
    </Icon>
  )
}

export function WarnIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M10.3 4.6L3.4 17a2 2 0 0 0 1.7 3h13.8a2 2 0 0 0 1.7-3L13.7 4.6a2 2 0 0 0-3.4 0Z" />
      <path d="M12 9.5v4M12 16.75h.01" />
    </Icon>
  )
}

export function FailIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <circle cx="12" cy="12" r="8.75" />
      <path d="M9.25 9.25l5.5 5.5M14.75 9.25l-5.5 5.5" />
    </Icon>
  )
}

export function PlusIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M12 5.5v13M5.5 12h13" />
    </Icon>
  )
}

export function BackIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <path d="M14.5 6.5L9 12l5.5 5.5" />
    </Icon>
  )
}

export function KeyIcon(p: IconProps): JSX.Element {
  return (
    <Icon {...p}>
      <circle cx="8" cy="15" r="4" />
      <path d="M10.9 12.1L19 4M16 7l2.5 2.5M14 9l2 2" />
    </Icon>
  )
}

/**
 * The Pier mark, as in resources/icon.svg minus the small waves, which vanish at sidebar size.
 * The clip id is per instance because SVG ids are document-global.
 */
export function PierMark({ size = 24 }: IconProps): JSX.Element {
  const id = useId()
  const clip = `pier-mark-${id}`
  return (
    <svg width={size} height={size} viewBox="0 0 512 512" aria-hidden="true" focusable="false">
      <clipPath id={clip}>
        <rect width="512" height="512" rx="116" />
      </clipPath>
      <g clipPath={`url(#${clip})`}>
        <rect width="512" height="512" fill="#117f8b" />
        <g fill="#fff">
          <rect x="-40" y="196" width="476" height="44" rx="14" />
          <rect x="92" y="240" width="32" height="130" rx="8" />
          <rect x="208" y="240" width="32" height="130" rx="8" />
          <rect x="324" y="240" width="32" height="130" rx="8" />
          <rect x="372" y="136" width="30" height="60" rx="8" />
        </g>
        <path d={WAVE + 'V512H0Z'} fill="#053f47" fillOpacity="0.55" />
        <path d={WAVE} fill="none" stroke="#fff" strokeOpacity="0.85" strokeWidth="18" />
      </g>
    </svg>
  )
}

const WAVE =
  'M0 330c32 0 32-22 64-22s32 22 64 22 32-22 64-22 32 22 64 22 32-22 64-22 32 22 64 22 32-22 64-22 32 22 64 22'
