# Cadenas de la interfaz de polybook: español.
skip-to-content = Ir al contenido
contents = Contenido
home = Inicio
on-this-page = En este artículo
last-updated = Última actualización: { $date }
previous = Anterior
next = Siguiente
language = Idioma
language-switcher = Leer esta página en otro idioma
not-available = No disponible en { $language }
not-available-title = Este artículo no está traducido al { $language }; el enlace abre la página de inicio en { $language }.
mt-notice = Este artículo se ha traducido automáticamente.
mt-original = Leer la versión en { $language }
compare = En paralelo
compare-with = En paralelo con { $language }
compare-left = Izquierda
compare-right = Derecha
compare-print = Imprimir
alert-note = Nota
alert-tip = Sugerencia
alert-important = Importante
alert-warning = Advertencia
alert-caution = Precaución
copy = Copiar
copied = Copiado
copy-label = Copiar el código al portapapeles
breadcrumbs = Ruta de navegación
page-not-found = Página no encontrada
page-not-found-text = La página que busca no existe. Pruebe con el contenido de esta guía.
choose-language = Elija su idioma
redirecting = Redirigiendo…
pages-not-in-toc = Otros artículos
article-count = { $count ->
    [one] { $count } artículo
   *[other] { $count } artículos
}
toggle-theme = Cambiar el tema oscuro
menu = Menú
translation-status = Estado de la traducción
status-translated = Traducidos
status-missing = Faltan
status-only-here = Solo aquí
status-machine = Traducción automática
status-human = Traducción humana
status-stale = Desactualizados
date-long = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
search-label = Buscar en esta guía
search-placeholder = Buscar
search-results = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
}
search-no-results = No hay resultados para «{ $query }»
search-loading = Buscando…
search-error = La búsqueda no está disponible: no se pudo cargar su índice.
search-needs-server = La búsqueda necesita que el sitio se sirva por HTTP: ejecute `polybook serve` o ábralo desde cualquier servidor web.
