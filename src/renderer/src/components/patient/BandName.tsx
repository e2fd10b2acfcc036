import { useTranslation } from 'react-i18next';
import { nb } from '../../i18n/nb';

function isBandId(band: string): band is keyof typeof nb.band {
  return Object.hasOwn(nb.band, band);
}

/** A severity band in the user's language; an id no translation knows is shown as it is. */
export function BandName({ band }: { band: string }) {
  const { t } = useTranslation();
  return <>{isBandId(band) ? t(`band.${band}`) : band}</>;
}
