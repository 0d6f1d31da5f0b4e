import { useState, type FormEvent } from 'react';
import { Search } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { kBusinessTypes, parseBusinessType, type BusinessType } from '../api/providers';

interface SearchFormProps {
  search: string;
  businessType: BusinessType | '';
  onSearch: (search: string, businessType: BusinessType | '') => void;
}

export const kSearchMax = 255;

// Name search and type filter; the page keeps both in the URL.
export function SearchForm({ search, businessType, onSearch }: SearchFormProps) {
  const { t } = useTranslation(['catalog', 'common']);
  const [text, setText] = useState(search);
  const [type, setType] = useState<BusinessType | ''>(businessType);
  // Back/forward changes the URL under the form: show what the list shows.
  const [shown, setShown] = useState({ search, businessType });
  if (shown.search !== search || shown.businessType !== businessType) {
    setShown({ search, businessType });
    setText(search);
    setType(businessType);
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim(), type);
  };

  return (
    <form
      role="search"
      onSubmit={submit}
      className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-end"
    >
      <div className="grid gap-1.5">
        <Label htmlFor="search-text">{t('search.label')}</Label>
        <Input
          id="search-text"
          type="search"
          value={text}
          maxLength={kSearchMax}
          placeholder={t('search.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="search-type">{t('search.type')}</Label>
        <NativeSelect
          id="search-type"
          value={type}
          onChange={(e) => {
            const next = parseBusinessType(e.target.value);
            setType(next);
            onSearch(text.trim(), next);
          }}
        >
          <option value="">{t('search.allTypes')}</option>
          {kBusinessTypes.map((bt) => (
            <option key={bt} value={bt}>
              {t(`common:businessTypes.${bt}`)}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit">
        <Search aria-hidden="true" />
        {t('common:actions.search')}
      </Button>
    </form>
  );
}
